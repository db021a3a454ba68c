import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { invalid } from '../errors';
import { confine, isWithin } from '../workspace';
import { cacheObjectBehind } from './cache-link';

/** Workspace folders that hold tool state (store, git, DVC's config and cache), never data. */
const RESERVED = new Set(['.mlops', '.git', '.dvc']);

/**
 * The workspace-relative `/` path of a dataset (or a file in one), judged by its name only:
 * inside the workspace, not the workspace itself, not in a folder of tool state. Used for lookups,
 * so a dataset whose folder became a symlink elsewhere can still be listed and reported.
 */
export function datasetKey(workspace: string, path: string, from?: string): string {
  const said = from ? `${from}: ` : '';
  if (typeof path !== 'string' || path === '') throw invalid(`${said}an empty path is not a dataset.`);
  if (path.includes('\0')) throw invalid(`${said}the path ${shown(path)} contains a NUL character.`);
  const root = resolve(workspace);
  const abs = resolve(root, path);
  if (!isWithin(root, abs)) throw invalid(`${said}${shown(path)} is outside the workspace ${root}.`);
  const rel = relative(root, abs).split(sep).join('/');
  if (rel === '') throw invalid(`${said}${shown(path)} is the workspace itself; version a file or folder inside it.`);
  refuseReserved(rel, path, said);
  return rel;
}

/**
 * The absolute path of workspace-relative `rel`, once symlinks are followed: still inside the
 * workspace, not in a folder of tool state, not in the data cache. Call it before reading or
 * writing what a pointer, manifest, config entry or request names.
 */
export function locateInside(workspace: string, rel: string, from: string, cacheRoot?: string): string {
  const linked = cacheRoot === undefined ? undefined : linkedFromCache(workspace, rel, from, cacheRoot);
  if (linked !== undefined) return linked;
  const { abs, rel: lexical } = confine(workspace, rel, from);
  refuseReserved(lexical, rel, `${from}: `);
  const realRoot = realOf(resolve(workspace));
  const real = realOf(abs);
  const realRel = relative(realRoot, real).split(sep).join('/');
  if (realRel === '') throw invalid(`${from}: ${shown(rel)} leads to the workspace itself; version a file or folder inside it.`);
  refuseReserved(realRel, rel, `${from}: `, real);
  if (cacheRoot !== undefined && isWithin(realOf(resolve(cacheRoot)), real)) {
    throw invalid(`${from}: ${shown(rel)} is inside the data cache ${cacheRoot}; only data outside it can be versioned.`);
  }
  return abs;
}

/**
 * A file that DVC's `symlink` checkout made: a link to a cache object (which may be outside the
 * workspace, in a shared `cache.dir`). Its folder must still be inside the workspace and not tool state.
 */
function linkedFromCache(workspace: string, rel: string, from: string, cacheRoot: string): string | undefined {
  const abs = resolve(workspace, rel);
  if (!lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink() || !cacheObjectBehind(abs, cacheRoot)) return undefined;
  const root = resolve(workspace);
  if (!isWithin(root, abs) || abs === root) return undefined;
  refuseReserved(relative(root, abs).split(sep).join('/'), rel, `${from}: `);
  const parent = relative(realOf(root), realOf(dirname(abs))).split(sep).join('/');
  confine(root, dirname(abs), from);
  if (parent !== '') refuseReserved(parent, rel, `${from}: `, realOf(dirname(abs)));
  return abs;
}

/**
 * A guard for writing many files under one folder: each file's parent folder (checked once) must
 * stay inside the workspace once symlinks are followed, so a symlinked subfolder cannot redirect
 * a write. The file itself is replaced by rename, which never follows a link.
 */
export function parentGuard(workspace: string, from: string): (abs: string) => void {
  const checked = new Set<string>();
  const root = resolve(workspace);
  return (abs) => {
    const parent = dirname(abs);
    if (checked.has(parent)) return;
    confine(root, parent, from);
    checked.add(parent);
  };
}

function refuseReserved(rel: string, path: string, said: string, real?: string): void {
  const top = rel.split('/')[0]!;
  if (!RESERVED.has(top)) return;
  const via = real ? ` (through a symbolic link, to ${real})` : '';
  throw invalid(`${said}${shown(path)} is ${rel === top ? '' : 'inside '}${top}${via}, which holds the tool's own state, not data; it is refused.`);
}

/** The real path of `abs`, following symlinks (dangling ones too) in the part of it that exists. */
function realOf(abs: string, hops = 0): string {
  let current = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(current), ...rest);
    } catch {
      const target = hops < 40 ? linkTarget(current) : undefined;
      if (target !== undefined) return realOf(join(target, ...rest), hops + 1);
      const parent = dirname(current);
      if (parent === current) return join(current, ...rest);
      rest.unshift(current.slice(parent.length).replace(/^[/\\]+/, ''));
      current = parent;
    }
  }
}

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : undefined;
  } catch {
    return undefined;
  }
}

/** A path from outside, quoted for a message: at most 200 characters, control characters as '?'. */
export function shown(path: string): string {
  const cut = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return `'${[...cut].map((ch) => (ch.charCodeAt(0) < 0x20 ? '?' : ch)).join('')}'`;
}
