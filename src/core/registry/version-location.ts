import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '../errors';
import type { ResolvedSource } from './model-source';
import type { ModelVersion } from './types';
import { STAGES } from './types';

/** What version lookups need of the registry. */
export interface VersionFinder {
  get(name: string, version: number): ModelVersion;
  byAlias(name: string, alias: string): ModelVersion;
  latest(name: string): ModelVersion[];
}

/**
 * The version a `models:/<name>/<selector>` URI names, as MLflow reads it: a number, `@alias`,
 * `latest`, or a stage (the newest version in it).
 */
export function versionOfUri(finder: VersionFinder, name: string, selector: string): ModelVersion {
  if (selector.startsWith('@')) return finder.byAlias(name, selector.slice(1));
  if (/^\d+$/.test(selector)) return finder.get(name, Number(selector));
  const stage = STAGES.find((s) => s.toLowerCase() === selector.toLowerCase());
  const latest = finder.latest(name).filter((v) => selector.toLowerCase() === 'latest' || v.currentStage === stage);
  const newest = latest.reduce<ModelVersion | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
  if (!newest) throw notFound(`No versions of model with name '${name}' and stage '${selector}' found`);
  return newest;
}

/** The local folder a version's files are in (its registry copy, or the folder it references); undefined when it has none. */
export function localFolderOf(version: ModelVersion): string | undefined {
  if (version.unavailableReason !== null || !version.storageLocation?.startsWith('file:')) return undefined;
  return fileURLToPath(version.storageLocation);
}

/** Where a version's model is, as a registration source for a copy of it (`models:/<name>/<version>`). */
export function sourceOfVersion(version: ModelVersion): ResolvedSource {
  const runId = version.runId ?? undefined;
  const folder = localFolderOf(version);
  if (folder !== undefined) return { kind: 'local', path: version.modelFile ? join(folder, version.modelFile) : folder, typed: false, ...(runId && { runId }) };
  return {
    kind: 'remote',
    location: version.storageLocation ?? version.source,
    reason: version.unavailableReason ?? `${version.name} version ${version.version} is not on this machine`,
    ...(runId && { runId }),
  };
}

/**
 * What validate, serve and predict say about a version whose model file they cannot read: why,
 * and what to do instead.
 */
export function noModelFileMessage(version: Pick<ModelVersion, 'name' | 'version' | 'source' | 'unavailableReason'>): string {
  const label = `${version.name} v${version.version}`;
  if (version.unavailableReason !== null) {
    return (
      `${label} is not available locally: ${version.unavailableReason}. It was registered by reference to ${version.source}. ` +
      `Download the model into the workspace and register that path (mlops models register PATH --name ${version.name}), then use the new version.`
    );
  }
  return `${label} has no ONNX model file in the registry (it was registered by reference to the folder ${version.source}); register an .onnx file or a folder holding model.onnx.`;
}
