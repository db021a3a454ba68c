import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Document } from 'yaml';
import { parse, parseDocument } from 'yaml';

export interface PointerOut {
  md5: string;
  size: number;
  nfiles?: number;
  /** DVC 3 writes `hash: md5`; a DVC 2 file has none (its hashes are of line-ending-normalised text). */
  hash?: 'md5';
  path: string;
  isexec?: boolean;
  /** `cache: false`: the data is kept in git, not in DVC's cache. */
  cache?: false;
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

/**
 * Writes the pointer of `dataPath`. An existing pointer that already says this md5 is left byte for
 * byte; one that says another keeps everything but the hash fields of `outs[0]` (an import's `deps`
 * and `frozen`, `desc`, `remote`, `meta`, comments elsewhere), its keys in DVC's order.
 */
export async function writePointer(dataPath: string, out: PointerOut): Promise<string> {
  const file = pointerPathOf(dataPath);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  const updated = existing === undefined ? undefined : updatedPointer(existing, out);
  if (updated === null) return file;
  await replaceFile(file, updated ?? formatPointer(out));
  return file;
}

/** null: the pointer already says this; undefined: not a pointer to update (write a new one). */
function updatedPointer(text: string, out: PointerOut): string | null | undefined {
  let doc: Document;
  try {
    doc = parseDocument(text);
  } catch {
    return undefined;
  }
  const current = doc.errors.length === 0 ? (doc.toJS() as { outs?: unknown } | null)?.outs : undefined;
  if (!Array.isArray(current) || current.length !== 1 || typeof current[0] !== 'object' || current[0] === null) return undefined;
  const old = current[0] as Record<string, unknown>;
  if (old.md5 === out.md5 && old.size === out.size && (old.nfiles ?? undefined) === out.nfiles && Boolean(old.isexec) === Boolean(out.isexec)) return null;
  const next: Record<string, unknown> = { md5: out.md5, size: out.size, ...(out.nfiles !== undefined && { nfiles: out.nfiles }), hash: 'md5', path: old.path ?? out.path };
  for (const [key, value] of Object.entries(old)) if (!(key in next) && key !== 'isexec' && key !== 'files') next[key] = value;
  if (out.isexec) next.isexec = true;
  doc.setIn(['outs', 0], doc.createNode(next));
  return doc.toString({ indentSeq: false, lineWidth: 0 });
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
    ...(o.cache === false && { cache: false as const }),
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
