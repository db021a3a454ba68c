import type { Dirent } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, invalid } from '../errors';
import type { Tracking } from '../tracking';
import { artifactPathOfUri } from '../tracking';
import { isLocalHost, sourceHost, sourceScheme } from './source-uri';

/** Where a model version's source lives: a path on this machine, or somewhere else (recorded by reference). */
export type ResolvedSource =
  | {
      kind: 'local';
      /** Absolute path of the file or folder the source names. */
      path: string;
      /** The run the source belongs to, when the URI says (runs:/, a logged model's source run). */
      runId?: string;
      /** Given as a plain path, as people type them: a missing one is a mistake, not a reference. */
      typed: boolean;
    }
  | {
      kind: 'remote';
      /** Where clients download it from (MLflow's storage_location). */
      location: string;
      /** Why it is not on this machine. */
      reason: string;
      runId?: string;
    };

/** What a `models:/<name>/<version>` (or `@alias`) source needs from the registry: that version's own location. */
export type VersionLookup = (name: string, selector: string) => ResolvedSource & { runId?: string };

export interface SourceContext {
  tracking: Tracking;
  workspaceRoot: string;
  lookupVersion: VersionLookup;
}

/**
 * Resolves a model version source: `runs:/<run_id>/<path>`, `models:/<logged model id>`,
 * `models:/<name>/<version>` or `models:/<name>@<alias>`, `mlflow-artifacts:/…`, `file://…`, a
 * local path (relative to the workspace), or any other URI (`s3://…`, `https://…`), which is
 * recorded by reference. A run this store does not know is a reference too (MLflow lets a version
 * name any run).
 */
export function resolveModelSource(source: string, ctx: SourceContext): ResolvedSource {
  const runs = /^runs:\/+([^/]+)\/?(.*)$/.exec(source);
  if (runs) {
    const run = knownOrUndefined(() => ctx.tracking.runs.info(runs[1]));
    if (!run) return { kind: 'remote', location: source, reason: `run ${runs[1]} is not in this workspace's tracking store`, runId: runs[1]! };
    const sub = runs[2]!.replace(/\/+$/, '');
    const uri = sub ? `${run.artifactUri.replace(/\/+$/, '')}/${sub}` : run.artifactUri;
    return { ...ofArtifactUri(uri, ctx.tracking), runId: run.runId };
  }
  const models = /^models:\/+(.+?)\/?$/.exec(source);
  if (models) {
    if (/^m-[0-9a-f]+$/.test(models[1]!)) {
      const model = ctx.tracking.loggedModels.get(models[1]);
      return { ...ofArtifactUri(model.artifactUri, ctx.tracking), ...(model.sourceRunId && { runId: model.sourceRunId }) };
    }
    const version = /^([^/@]+)(?:\/([^/]+)|@([^/@]+))$/.exec(models[1]!);
    if (!version) throw invalid(`Unsupported model source '${source}': use models:/<model_id>, models:/<name>/<version> or models:/<name>@<alias>.`);
    return ctx.lookupVersion(version[1]!, version[2] ?? `@${version[3]!}`);
  }
  if (sourceScheme(source) === '') return { kind: 'local', path: resolve(ctx.workspaceRoot, source), typed: true };
  return ofArtifactUri(source, ctx.tracking);
}

function knownOrUndefined<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

/** An artifact URI: this runtime's mlflow-artifacts:/ store and file: paths are local; other URIs are remote. */
function ofArtifactUri(uri: string, tracking: Tracking): ResolvedSource {
  const scheme = sourceScheme(uri);
  if (scheme === '' && isAbsolute(uri)) return { kind: 'local', path: uri, typed: false };
  if (scheme === 'mlflow-artifacts' && isLocalHost(sourceHost(uri))) {
    // `mlflow-artifacts:` alone names the store's root.
    const path = /^mlflow-artifacts:(\/\/[^/]*)?\/*$/i.test(uri) ? '' : artifactPathOfUri(uri);
    return { kind: 'local', path: tracking.artifacts.resolve(path), typed: false };
  }
  if (scheme === 'file') return { kind: 'local', path: pathOfFileUri(uri), typed: false };
  const host = sourceHost(uri);
  const where = scheme === 'mlflow-artifacts' ? `another tracking server's artifact store (${host ?? ''})` : `${scheme || 'remote'} storage`;
  return { kind: 'remote', location: uri, reason: `it is in ${where}, not on this machine` };
}

function pathOfFileUri(uri: string): string {
  if (!isLocalHost(sourceHost(uri))) throw invalid(`${uri} is not a valid remote uri: a file: URI must name this machine.`);
  try {
    return fileURLToPath(uri.replace(/^file:\/\/(localhost|127\.0\.0\.1)(?=\/)/i, 'file://'));
  } catch (error) {
    throw invalid(`Invalid file URI '${uri}': ${(error as Error).message}`);
  }
}

/** What registration copies: one model file, or nothing (the version references a folder). */
export type ModelLocation = { kind: 'file'; path: string } | { kind: 'reference'; path: string } | { kind: 'missing'; path: string };

/**
 * The model file to copy: the file itself; in a folder (an MLflow model directory), its
 * model.onnx or its only .onnx file. A folder without one is registered by reference.
 */
export function locateModel(source: string, path: string): ModelLocation {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return { kind: 'missing', path };
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
