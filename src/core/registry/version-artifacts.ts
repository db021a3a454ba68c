import { existsSync, statSync } from 'node:fs';
import { invalid, notFound } from '../errors';
import { confine } from '../workspace';
import type { ModelVersion } from './types';
import { localFolderOf } from './version-location';

/**
 * The local file `path` names among a version's files: in its registry copy or the folder it
 * references; for a copy, else in the local folder it was copied from (an MLflow model folder's
 * MLmodel, conda.yaml, …), found by `sourceFolder`. Paths stay confined to those folders.
 */
export function versionArtifactFile(v: ModelVersion, path: string, sourceFolder: () => string | undefined): string {
  const folder = localFolderOf(v);
  if (folder === undefined) {
    throw invalid(`${v.name} v${v.version} is not available locally: ${v.unavailableReason ?? 'it has no local files'}. Download it from ${v.storageLocation ?? v.source}.`);
  }
  const from = "Parameter 'path'";
  const inFolder = confine(folder, path, from).abs;
  if (existsSync(inFolder) || !v.modelFile) return requireFile(inFolder, path, v);
  let original: string | undefined;
  try {
    original = sourceFolder();
  } catch {
    original = undefined;
  }
  return requireFile(original === undefined ? inFolder : confine(original, path, from).abs, path, v);
}

function requireFile(file: string, path: string, v: ModelVersion): string {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw notFound(`No file '${path}' in ${v.name} v${v.version}.`);
  return file;
}
