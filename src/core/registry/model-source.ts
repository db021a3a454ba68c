import type { Dirent } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalid } from '../errors';
import type { Tracking } from '../tracking';
import { artifactPathOfUri } from '../tracking';

/** Where a model version's source lives on this machine. */
export interface ResolvedSource {
  /** Absolute path of the file or folder the source names. */
  path: string;
  /** The run the source belongs to, when the URI says (runs:/, a logged model's source run). */
  runId?: string;
}

/** What registration copies: one model file, or nothing (the version references a folder). */
export type ModelLocation = { kind: 'file'; path: string } | { kind: 'reference'; path: string };

/**
 * Resolves a model version source: `runs:/<run_id>/<path>`, `models:/<logged model id>`,
 * `mlflow-artifacts:/…`, `file://…`, or a local path (relative to the workspace).
 */
export function resolveModelSource(source: string, tracking: Tracking, workspaceRoot: string): ResolvedSource {
  const runs = /^runs:\/+([^/]+)\/?(.*)$/.exec(source);
  if (runs) {
    const run = tracking.runs.info(runs[1]);
    const sub = runs[2]!.replace(/\/+$/, '');
    return { path: localPathOfArtifactUri(sub ? `${run.artifactUri.replace(/\/+$/, '')}/${sub}` : run.artifactUri, tracking), runId: run.runId };
  }
  const models = /^models:\/+(.+?)\/?$/.exec(source);
  if (models) {
    if (!/^m-[0-9a-f]+$/.test(models[1]!)) throw invalid(`Unsupported model source '${source}': models:/ sources must name a logged model (models:/m-…).`);
    const model = tracking.loggedModels.get(models[1]);
    return { path: localPathOfArtifactUri(model.artifactUri, tracking), ...(model.sourceRunId && { runId: model.sourceRunId }) };
  }
  if (/^(mlflow-artifacts|file):/i.test(source)) return { path: localPathOfArtifactUri(source, tracking) };
  // A scheme, but not a Windows drive letter (C:\models\m.onnx).
  if (/^[a-z][a-z0-9+.-]+:/i.test(source)) {
    throw invalid(`Unsupported model source '${source}': use runs:/<run_id>/<path>, models:/<model_id>, mlflow-artifacts:/…, file://… or a local path.`);
  }
  return { path: resolve(workspaceRoot, source) };
}

function localPathOfArtifactUri(uri: string, tracking: Tracking): string {
  if (uri.startsWith('mlflow-artifacts:')) return tracking.artifacts.resolve(artifactPathOfUri(uri));
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch (error) {
      throw invalid(`Invalid file URI '${uri}': ${(error as Error).message}`);
    }
  }
  if (isAbsolute(uri)) return uri;
  throw invalid(`Artifact location '${uri}' is not on this machine, so the model cannot be registered from it.`);
}

/**
 * The model file to copy: the file itself; in a folder (an MLflow model directory), its
 * model.onnx or its only .onnx file. A folder without one is registered by reference.
 */
export function locateModel(source: string, path: string): ModelLocation {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) throw invalid(`Model source '${source}' does not exist (looked for ${path}).`);
  if (info.isFile()) return { kind: 'file', path };
  if (!info.isDirectory()) throw invalid(`Model source '${source}' is neither a file nor a folder.`);
  // A symlinked model file counts too; the caller confines where it leads.
  const isFile = (e: Dirent) => e.isFile() || (e.isSymbolicLink() && statSync(join(path, e.name), { throwIfNoEntry: false })?.isFile() === true);
  const onnx = readdirSync(path, { withFileTypes: true }).filter((e) => e.name.toLowerCase().endsWith('.onnx') && isFile(e)).map((e) => e.name);
  if (onnx.includes('model.onnx')) return { kind: 'file', path: join(path, 'model.onnx') };
  if (onnx.length === 1) return { kind: 'file', path: join(path, onnx[0]!) };
  if (onnx.length > 1) throw invalid(`Model source '${source}' holds several ONNX files (${onnx.sort().join(', ')}); name the one to register.`);
  return { kind: 'reference', path };
}
