import { dirname, relative, resolve, sep } from 'node:path';
import { invalid } from '../errors';
import { datasetKey, locateInside } from './data-path';
import type { PointerOut } from './pointer';
import { readPointer } from './pointer';
import { walkFiles } from './walk';

export interface DiscoveredPointer {
  /** Workspace-relative `/` path of the data the pointer versions (of the pointer file minus `.dvc` when it is refused). */
  path: string;
  pointerFile: string;
  out?: PointerOut;
  /** Why the pointer cannot be used as is: malformed, written by DVC 2, or refused. */
  problem?: string;
  /** It names a path outside the workspace or in its tool state: nothing is read from or restored to it (its object stays referenced for gc). */
  refused?: true;
  /** Written by DVC 2 (no `hash: md5`): its objects may be in DVC 2's layout (`xx/rest`); the pointer is rewritten only when the data changes. */
  legacy?: true;
}

/** The `.dvc` pointer files of a workspace (DVC repositories already track data with them). */
export function discoverPointers(workspace: string, maxDepth = 8): DiscoveredPointer[] {
  const found: DiscoveredPointer[] = [];
  const relOf = (full: string) => relative(workspace, full).split(sep).join('/');
  walkFiles(
    workspace,
    (full) => {
      if (!full.endsWith('.dvc')) return;
      const ownPath = relOf(full.slice(0, -4));
      let out: PointerOut;
      try {
        out = readPointer(full);
      } catch (error) {
        found.push({ path: ownPath, pointerFile: full, problem: (error as Error).message });
        return;
      }
      try {
        if (out.cache === false) return; // kept in git, not in the cache: not data to version
        const path = pointedPath(workspace, full, out.path);
        found.push({ path, pointerFile: full, out, ...(out.hash !== 'md5' && { legacy: true }) });
      } catch (error) {
        found.push({ path: ownPath, pointerFile: full, out, problem: (error as Error).message, refused: true });
      }
    },
    maxDepth,
  );
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The workspace-relative path a pointer's `outs[0].path` names (relative to the pointer's folder), if it may be used. */
function pointedPath(workspace: string, pointerFile: string, path: string): string {
  try {
    const rel = datasetKey(workspace, resolve(dirname(pointerFile), path));
    locateInside(workspace, rel, rel);
    return rel;
  } catch (error) {
    const pointer = relative(workspace, pointerFile).split(sep).join('/');
    const why = (error as Error).message.replace(/\.$/, '');
    throw invalid(`${pointer} names ${JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path)} (outs[0].path): ${why}; nothing is read from or restored to it.`);
  }
}
