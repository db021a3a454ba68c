import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { invalid } from '../errors';

/**
 * The one rule for paths that come from outside (pointer files, manifests, mlops.yaml, request
 * bodies, client paths, model sources): resolved against `root`, they must stay inside it, also
 * once symlinks are followed. `from` names the input that gave the path, for the error.
 */
export interface Confined {
  /** Absolute path inside the root (symlinks not resolved). */
  abs: string;
  /** Root-relative, `/`-separated; '' for the root itself. */
  rel: string;
}

/** True when `child` is `parent` or below it (both absolute, normalised). */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative to `base`, which defaults to `root`) and refuses it when it leaves
 * `root` lexically or through a symlink in any existing part of it.
 */
export function confine(root: string, path: string, from: string, base: string = root): Confined {
  if (typeof path !== 'string' || path === '') throw invalid(`${from}: an empty path is not allowed.`);
  if (path.includes('\0')) throw invalid(`${from}: the path '${printable(path)}' contains a NUL character.`);
  const rootAbs = resolve(root);
  const abs = resolve(base, path);
  if (!isWithin(rootAbs, abs)) throw outside(path, from, rootAbs);
  const real = realExisting(abs);
  if (real !== undefined && !isWithin(realExisting(rootAbs) ?? rootAbs, real)) {
    throw invalid(`${from}: '${printable(path)}' leads through a symbolic link to ${real}, outside ${rootAbs}; it is refused.`);
  }
  return { abs, rel: relative(rootAbs, abs).split(sep).join('/') };
}

/** A relative `/` path that names something inside a folder: no '', '.', '..', '\\' or absolute parts. */
export function isPlainRelative(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Joins a plain relative `/` path under `dir`, refusing anything else (manifest entries, artifact names). */
export function joinInside(dir: string, path: string, from: string): string {
  if (!isPlainRelative(path)) throw invalid(`${from}: '${printable(path)}' is not a path inside ${dir}; it is refused.`);
  return join(dir, ...path.split('/'));
}

/**
 * The real path of `abs`, or of its nearest existing ancestor joined with the rest. A dangling
 * symlink is followed to where it points: writing through it would create its target.
 */
function realExisting(abs: string, hops = 0): string | undefined {
  let current = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(current), ...rest.reverse());
    } catch {
      const target = hops < 40 ? danglingTarget(current) : undefined;
      if (target !== undefined) return realExisting(join(target, ...rest.reverse()), hops + 1);
      const parent = dirname(current);
      if (parent === current) return undefined;
      rest.push(current.slice(parent.length).replace(/^[/\\]+/, ''));
      current = parent;
    }
  }
}

/** Where `path` points when it is a symlink, resolved against its folder; else undefined. */
function danglingTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : undefined;
  } catch {
    return undefined;
  }
}

function outside(path: string, from: string, root: string): Error {
  return invalid(`${from}: '${printable(path)}' is outside ${root}; only paths inside it are allowed.`);
}

function printable(path: string): string {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return [...shown].map((ch) => (ch.charCodeAt(0) < 0x20 ? '?' : ch)).join('');
}
