import { lstatSync, realpathSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWithin } from '../workspace';

/** What a deleted version stored: its folder, and the file the registry copied there (null for a reference). */
export interface StoredCopy {
  storageLocation: string | null;
  modelFile: string | null;
}

/** A folder publishStaged creates: `<storage root>/<model folder>/<version>[-<random>]`. */
const VERSION_FOLDER = /^\d+(?:-[0-9a-f]+)?$/;

/**
 * The folders among `deleted` the registry made for those versions and may remove: a copy (a
 * model file was copied), at exactly the place publishStaged puts one, reached without a
 * symlink, and that no remaining record (`remaining`: their storage locations) points into.
 * A version registered by reference owns nothing, even when its source lies in the registry's
 * own storage (another model's copy).
 */
export function ownedFolders(storageRoot: string, deleted: readonly StoredCopy[], remaining: readonly string[]): string[] {
  const kept = remaining.map(localPath).filter((p): p is string => p !== undefined);
  const folders: string[] = [];
  for (const copy of deleted) {
    if (copy.modelFile === null || copy.storageLocation === null) continue;
    const folder = localPath(copy.storageLocation);
    if (folder === undefined || !isCopyFolder(storageRoot, folder)) continue;
    if (kept.some((other) => isWithin(folder, other))) continue;
    folders.push(folder);
  }
  return folders;
}

/** Removes the folders, and a model's folder once its last version folder is gone. */
export function removeFolders(storageRoot: string, folders: readonly string[]): void {
  for (const folder of folders) {
    rmSync(folder, { recursive: true, force: true });
    const parent = dirname(folder);
    if (parent === storageRoot) continue;
    try {
      rmdirSync(parent);
    } catch {
      // the model's folder still holds other versions
    }
  }
}

function isCopyFolder(storageRoot: string, folder: string): boolean {
  const parts = relative(storageRoot, folder).split(sep);
  if (parts.length !== 2 || parts[0] === '' || parts[0]!.startsWith('.') || !VERSION_FOLDER.test(parts[1]!)) return false;
  try {
    if (!lstatSync(folder).isDirectory()) return false;
    return realpathSync(folder) === join(realpathSync(storageRoot), ...parts);
  } catch {
    return false;
  }
}

function localPath(location: string): string | undefined {
  try {
    return fileURLToPath(location);
  } catch {
    return undefined;
  }
}
