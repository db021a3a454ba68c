import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { invalid } from '../errors';
import { confine, isWithin } from '../workspace';

/**
 * Registration reads local model sources only from these roots (the workspace, the artifact
 * store and any extra roots the workspace allows), as MLflow's server refuses local sources
 * outside its artifact store: a request must not be able to copy /etc/shadow into the registry.
 */
export class SourceRoots {
  private readonly labelled: { label: string; root: string }[];
  private readonly roots: string[];

  constructor(workspace: string, artifactStore: string, extra: readonly string[] = []) {
    this.labelled = [
      { label: 'the workspace', root: resolve(workspace) },
      { label: 'the artifact store', root: resolve(artifactStore) },
      ...extra.map((root) => ({ label: 'the allowed source root', root: resolve(workspace, root) })),
    ];
    this.roots = this.labelled.map((l) => l.root);
  }

  /** Whether `path` lies inside a root as written (before symlinks are followed: check() does that). */
  contains(path: string): boolean {
    return this.roots.some((root) => isWithin(root, resolve(path)));
  }

  /** Refuses `path` (what `source` resolved to) unless it lies inside a root, also once symlinks are followed. */
  check(source: string, path: string): void {
    const from = `Model source '${shorten(source)}'`;
    if (path.includes('\0')) throw invalid(`${from} contains a NUL character.`);
    const lexical = this.roots.filter((root) => isWithin(root, resolve(path)));
    if (lexical.length === 0) {
      const named = resolve(path) === source ? '' : ` (${resolve(path)})`;
      throw invalid(`${from}${named} is outside ${this.describe()}; registration only reads local files inside those folders. ${ADVICE}`);
    }
    for (const root of lexical) {
      try {
        confine(root, path, from);
        return;
      } catch {
        // a symlink leads out of this root; another root (or the real path check) may still hold it
      }
    }
    const real = realOf(path);
    if (real !== undefined && this.roots.some((root) => isWithin(realOf(root) ?? root, real))) return;
    throw invalid(`${from} leads through a symbolic link to ${real ?? path}, outside ${this.describe()}; it is refused. ${ADVICE}`);
  }

  private describe(): string {
    return this.labelled.map((l) => `${l.label} ${l.root}`).join(', ');
  }
}

const ADVICE = 'Copy the model into the workspace and register that copy, or allow its folder as an extra model source root.';

function realOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return shown.replace(/\p{Cc}/gu, '?');
}
