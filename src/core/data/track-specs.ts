import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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

/**
 * The datasets `data.track` names: a folder is one dataset, a file is one, a glob is one per
 * matching file. Paths are workspace-relative with `/`; missing ones are skipped.
 */
export function resolveTrackSpecs(workspace: string, specs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of specs) {
    const spec = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (!isGlob(spec)) {
      try {
        statSync(join(workspace, spec));
        out.add(spec);
      } catch {
        // not there (yet)
      }
      continue;
    }
    const pattern = globToRegExp(spec);
    walkFiles(join(workspace, globBase(spec)), (full) => {
      const rel = relative(workspace, full).split(sep).join('/');
      if (!rel.endsWith('.dvc') && pattern.test(rel)) out.add(rel);
    });
  }
  return [...out].sort();
}
