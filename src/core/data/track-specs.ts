import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { datasetKey, locateInside } from './data-path';
import { walkFiles } from './walk';

/** `*` one segment's characters, `**` any depth, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(spec: string): boolean {
  return /[*?]/.test(spec);
}

/** The fixed folder a glob starts from (`data/raw/*.csv` → `data/raw`). */
export function globBase(spec: string): string {
  const parts = spec.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (isGlob(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

export interface TrackProblem {
  /** The `data.track` entry as written. */
  spec: string;
  reason: string;
}

export interface TrackedPaths {
  /** Datasets found, workspace-relative with `/`. */
  paths: string[];
  /** The entries that may be watched; an entry with a problem is left out (the others still count). */
  specs: string[];
  problems: TrackProblem[];
}

/**
 * The datasets `data.track` names: a folder is one dataset, a file is one, a glob is one per
 * matching file. Paths are workspace-relative with `/`; missing ones are skipped. An entry that
 * leads out of the workspace (also through a symlink) or into tool state is a problem of its own;
 * with `cacheRoot`, a symlink to one of its objects (DVC's `symlink` checkout) is a file like any other.
 */
export function resolveTrackSpecs(workspace: string, specs: readonly string[], cacheRoot?: string): TrackedPaths {
  const out = new Set<string>();
  const usable: string[] = [];
  const problems: TrackProblem[] = [];
  for (const raw of specs) {
    const spec = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    const from = `mlops.yaml data.track ${JSON.stringify(raw)}`;
    try {
      if (!isGlob(spec)) {
        const rel = datasetKey(workspace, spec, from);
        if (existsSync(locateInside(workspace, rel, from, cacheRoot))) out.add(rel);
      } else {
        const base = globBase(spec);
        const root = base === '' ? workspace : locateInside(workspace, datasetKey(workspace, base, from), from);
        const pattern = globToRegExp(spec);
        walkFiles(root, (full) => {
          const rel = relative(workspace, full).split(sep).join('/');
          if (!rel.endsWith('.dvc') && pattern.test(rel)) out.add(rel);
        });
      }
      usable.push(raw);
    } catch (error) {
      problems.push({ spec: raw, reason: (error as Error).message });
    }
  }
  return { paths: [...out].sort(), specs: usable, problems };
}
