import { isAbsolute, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { MlopsContext } from '../../ctx';
import { call, DATA_VERSIONS, MODEL_VERSIONS_GET } from '../../../shared/contract';

/** The file of an artifact under the run's folder; refuses anything that would leave it. */
export function artifactFile(dir: string, path: string): string {
  const file = join(dir, ...path.split('/'));
  const rel = relative(dir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) throw new Error(`The artifact path '${path}' leaves the run's artifact folder.`);
  return file;
}

export async function openArtifact(dir: string, path: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(artifactFile(dir, path)), { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** The OS file manager where there is one (desktop, local); else the Explorer view. */
export async function revealArtifact(dir: string, path: string): Promise<void> {
  const uri = vscode.Uri.file(artifactFile(dir, path));
  const local = vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
  await vscode.commands.executeCommand(local ? 'revealFileInOS' : 'revealInExplorer', uri);
}

/** Shows a dataset version's row in the Datasets view, selected. */
export async function revealDatasetVersion(ctx: MlopsContext, path: string, version: number): Promise<void> {
  const { versions } = await call(ctx.requireClient(), DATA_VERSIONS, { path });
  const found = versions.find((v) => v.version === version);
  if (!found) throw new Error(`${path} has no version ${version} any more (it may have been garbage-collected).`);
  // The dataset rows must be listed once for the version row to find its parent.
  await ctx.datasetsTree.getChildren();
  const latest = versions.reduce((max, v) => Math.max(max, v.version), 0) === version;
  await ctx.views.datasets.reveal({ kind: 'version', path, version: found, latest }, { select: true, focus: true, expand: true });
}

/** Shows a registered model version's row in the Models view, selected. */
export async function revealModelVersion(ctx: MlopsContext, name: string, version: string): Promise<void> {
  const client = ctx.requireClient();
  const { model_version } = await call(client, MODEL_VERSIONS_GET, { name, version });
  await ctx.modelsTree.modelNode(name);
  await ctx.views.models.reveal({ kind: 'version', version: model_version }, { select: true, focus: true, expand: true });
}
