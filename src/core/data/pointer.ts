import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';

export interface PointerOut {
  md5: string;
  size: number;
  nfiles?: number;
  /** DVC 3 writes `hash: md5`; a DVC 2 file has none (its hashes are of line-ending-normalised text). */
  hash?: 'md5';
  path: string;
  isexec?: boolean;
}

export class PointerError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'PointerError';
  }
}

/** The pointer file DVC keeps beside `dataPath`: `<name>.dvc`. */
export function pointerPathOf(dataPath: string): string {
  return `${dataPath.replace(/[/\\]+$/, '')}.dvc`;
}

/** `outs:` in DVC's key order: md5, size, nfiles, hash, path, isexec. */
export function formatPointer(out: PointerOut): string {
  const lines = ['outs:', `- md5: ${out.md5}`, `  size: ${out.size}`];
  if (out.nfiles !== undefined) lines.push(`  nfiles: ${out.nfiles}`);
  lines.push('  hash: md5', `  path: ${yamlScalar(out.path)}`);
  if (out.isexec) lines.push('  isexec: true');
  return lines.join('\n') + '\n';
}

export async function writePointer(dataPath: string, out: PointerOut): Promise<string> {
  const file = pointerPathOf(dataPath);
  await replaceFile(file, formatPointer(out));
  return file;
}

/**
 * Writes `file` through a new temp file (unpredictable name, created exclusively) renamed over it:
 * a reader never sees half of it, and a symlink planted at either name is replaced, never followed.
 */
export async function replaceFile(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.mlops-tmp`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Reads a `.dvc` file; a malformed one is a PointerError saying what is wrong, never rewritten. */
export function readPointer(file: string): PointerOut {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PointerError(file, `not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const outs = (doc as { outs?: unknown } | null)?.outs;
  if (!Array.isArray(outs) || outs.length !== 1 || typeof outs[0] !== 'object' || outs[0] === null) {
    throw new PointerError(file, 'expected `outs:` with exactly one entry');
  }
  const o = outs[0] as Record<string, unknown>;
  if (typeof o.md5 !== 'string' || !/^[0-9a-f]{32}(\.dir)?$/.test(o.md5)) throw new PointerError(file, 'outs[0].md5 is missing or not an md5');
  if (typeof o.path !== 'string' || o.path === '') throw new PointerError(file, 'outs[0].path is missing');
  return {
    md5: o.md5,
    size: typeof o.size === 'number' ? o.size : 0,
    ...(typeof o.nfiles === 'number' && { nfiles: o.nfiles }),
    ...(o.hash === 'md5' && { hash: 'md5' as const }),
    path: o.path,
    ...(o.isexec === true && { isexec: true }),
  };
}

/** Adds `/<name>` to the .gitignore beside the data, as `dvc add` does; idempotent. A .gitignore that is not a plain file is left alone. */
export async function ignoreInGit(dataPath: string): Promise<boolean> {
  const gitignore = join(dirname(dataPath), '.gitignore');
  const entry = `/${basename(dataPath.replace(/[/\\]+$/, ''))}`;
  const info = lstatSync(gitignore, { throwIfNoEntry: false });
  if (info && !info.isFile()) return false; // a symlink or stranger: neither read through nor replaced
  const current = info ? await readFile(gitignore, 'utf8') : '';
  if (current.split(/\r?\n/).includes(entry)) return false;
  await replaceFile(gitignore, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${entry}\n`);
  return true;
}

/** Plain when YAML reads it back as the same string, quoted otherwise. */
function yamlScalar(text: string): string {
  try {
    if (/^[^\s#'"&*!|>%@`{}[\],?:-]/.test(text) && !/[:#]\s|\s$/.test(text) && parse(text) === text) return text;
  } catch {
    // quote it
  }
  return JSON.stringify(text);
}
