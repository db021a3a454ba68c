import { dirname, join, relative, sep } from 'node:path';
import type { PointerOut } from './pointer';
import { readPointer } from './pointer';
import { walkFiles } from './walk';

export interface DiscoveredPointer {
  /** Workspace-relative `/` path of the data the pointer versions. */
  path: string;
  pointerFile: string;
  out?: PointerOut;
  /** Why the pointer cannot be used as is: malformed, or written by DVC 2. */
  problem?: string;
}

/** The `.dvc` pointer files of a workspace (DVC repositories already track data with them). */
export function discoverPointers(workspace: string, maxDepth = 8): DiscoveredPointer[] {
  const found: DiscoveredPointer[] = [];
  walkFiles(
    workspace,
    (full) => {
      if (!full.endsWith('.dvc')) return;
      try {
        const out = readPointer(full);
        const path = relative(workspace, join(dirname(full), out.path)).split(sep).join('/');
        found.push({ path, pointerFile: full, out, ...(out.hash !== 'md5' && { problem: 'written by DVC 2 (no "hash: md5"): read, not rewritten; run `mlops data add` on it to move it to DVC 3 hashing' }) });
      } catch (error) {
        found.push({ path: relative(workspace, full.slice(0, -4)).split(sep).join('/'), pointerFile: full, problem: (error as Error).message });
      }
    },
    maxDepth,
  );
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
