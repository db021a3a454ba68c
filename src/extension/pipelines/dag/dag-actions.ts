import * as vscode from 'vscode';
import { call, DATA_DATASETS } from '../../../shared/contract';
import type { PipelineStage } from '../../../shared/pipelines';
import type { MlopsContext } from '../../ctx';
import { revealDatasetVersion } from '../../runs/run-page/run-page-actions';

function workspaceFile(ctx: MlopsContext, rel: string): vscode.Uri {
  if (!ctx.folder) throw new Error('Open a workspace folder first: pipelines live in its dvc.yaml files.');
  return vscode.Uri.joinPath(vscode.Uri.file(ctx.folder), ...rel.split('/'));
}

/** The stage's definition: its dvc.yaml with the cursor on the stage's name. */
export async function openStageDefinition(ctx: MlopsContext, stage: PipelineStage): Promise<void> {
  const at = new vscode.Position(Math.max(0, stage.line - 1), 0);
  await vscode.window.showTextDocument(workspaceFile(ctx, stage.file), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/** The run page of the stage's newest tracked run (the Pipelines view's Open Run). */
export async function openStageRun(stage: PipelineStage): Promise<void> {
  await vscode.commands.executeCommand('mlops.openStageRun', stage.id);
}

/** A pipeline file's versions in the Datasets view: the tracked dataset that is (or holds) it, its newest version selected. */
export async function revealDataVersions(ctx: MlopsContext, path: string): Promise<void> {
  const { datasets } = await call(ctx.requireClient(), DATA_DATASETS);
  const dataset = datasets.find((d) => d.path === path) ?? datasets.find((d) => d.kind === 'dir' && path.startsWith(`${d.path}/`));
  if (!dataset?.latest) {
    void vscode.window.showInformationMessage(`${path} has no versions yet: outputs get versions when their stage runs; inputs when tracked in mlops.yaml.`);
    return;
  }
  await revealDatasetVersion(ctx, dataset.path, dataset.latest.version);
}

export async function openParamsFile(ctx: MlopsContext, file: string): Promise<void> {
  await vscode.window.showTextDocument(workspaceFile(ctx, file), { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
