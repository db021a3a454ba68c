import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomHex } from './random-hex';

/** Folders and files of the workspace's state are the workspace user's only. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

// O_NOFOLLOW is absent on Windows; O_EXCL alone already refuses any existing name, symlinks included.
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** A temp name beside `path` no one can guess: `<path>.<random hex>.tmp`. */
export function tempNameFor(path: string): string {
  return `${path}.${randomHex(8)}.tmp`;
}

/** True for a name tempNameFor(`<base>`) gives, or the `<base>.<pid>.tmp` of older versions. */
export function isTempNameOf(base: string, name: string): boolean {
  if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) return false;
  return /^(?:[0-9a-f]{16}|\d+)$/.test(name.slice(base.length + 1, -'.tmp'.length));
}

/**
 * Creates `path` with `data`, mode 0600. Fails (EEXIST) if anything is at that name, a planted
 * symlink included: nothing is ever written through a link.
 */
export function writeNewPrivateFile(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, CREATE_NEW, PRIVATE_FILE_MODE);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(path);
    throw error;
  }
  closeSync(fd);
}

/** Writes `data` to a fresh unguessable temp file beside `path`, mode 0600; returns its name. */
export function writePrivateTemp(path: string, data: string | Uint8Array): string {
  const temp = tempNameFor(path);
  writeNewPrivateFile(temp, data);
  return temp;
}

/** Makes `dir` (and missing parents) and narrows it to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrictMode(dir, PRIVATE_DIR_MODE);
}

/**
 * Narrows an existing file or folder to `mode`, leaving symlinks and others' files alone (chmod
 * there fails, and the state stays as the owner left it). Returns whether the mode is now `mode`.
 */
export function restrictMode(path: string, mode: number): boolean {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return false;
    if ((stat.mode & 0o777) !== mode) chmodSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Narrows a folder to 0700 and everything under it to 0700 (folders) / 0600 (files), to `depth` levels. */
export function restrictTree(dir: string, depth = 4): void {
  if (!restrictMode(dir, PRIVATE_DIR_MODE) || depth <= 0) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) restrictTree(path, depth - 1);
    else if (entry.isFile()) restrictMode(path, PRIVATE_FILE_MODE);
  }
}

/** Removes temp files of `path` (see isTempNameOf) last changed before `olderThanMs` ago; returns how many. */
export function removeStaleTemps(path: string, olderThanMs: number, now = Date.now()): number {
  const dir = dirname(path);
  const base = basename(path);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!isTempNameOf(base, name)) continue;
    const temp = join(dir, name);
    try {
      // lstat: a planted symlink is removed as a link, its target untouched.
      if (now - lstatSync(temp).mtimeMs < olderThanMs) continue;
      unlinkSync(temp);
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
