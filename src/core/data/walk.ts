import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders no dataset lives in: VCS and tool state, environments. */
export const SKIPPED_DIRS = new Set(['.git', '.dvc', '.mlops', 'node_modules', '.venv', 'venv', '__pycache__']);

/** Calls `visit` with every regular file under `root` (depth-limited, skipped folders left out). */
export function walkFiles(root: string, visit: (file: string) => void, maxDepth = 32): void {
  const walk = (dir: string, depth: number): void => {
    if (depth > maxDepth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full, depth + 1);
      } else if (entry.isFile()) visit(full);
    }
  };
  walk(root, 0);
}
