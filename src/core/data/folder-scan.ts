import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { cacheObjectBehind } from './cache-link';
import type { DvcIgnore } from './dvc-ignore';
import { ENTRY, STAT_POOL_ABOVE, statInPool } from './stat-pool';

/** Synchronous work runs in slices this long, then gives the event loop a turn. */
const SLICE_MS = 10;
/** Folders inside a tracked folder that are never data. */
const SKIPPED = new Set(['.git', '.dvc', '.mlops']);

export interface ScanOptions {
  /** `.dvcignore` rules (already holding those of the folder's ancestors) and the folder's workspace-relative path. */
  ignore?: { rules: DvcIgnore; prefix: string };
  /** A symlink to an object of this cache is data (DVC's `cache.type = symlink` checkout); other symlinks are not. */
  cacheRoot?: string;
}

export interface FileInfo {
  ino: number;
  mtimeMs: number;
  size: number;
}

/**
 * Resolves after giving the event loop a turn, at most once per SLICE_MS of synchronous work; between
 * turns it returns undefined, so a loop pays for an await only when it yields (`await yieldNow()`
 * of undefined still costs a microtask; callers in hot loops write `const turn = yieldNow(); if (turn) await turn`).
 */
export function slicer(): () => Promise<void> | undefined {
  let start = performance.now();
  return () => {
    if (performance.now() - start < SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      start = performance.now();
    });
  };
}

/**
 * The regular files under a folder (symlinks and special files are not data) with the stats that
 * hashing needs, in parallel arrays: one lstat per entry, and no Stats object kept alive (100,000
 * of them cost the garbage collector more than the lstats). A folder of many entries has them
 * lstat'ed in worker threads (stat-pool.ts); entries other than plain files are looked at again here.
 */
export class FolderScan {
  readonly relpaths: string[] = [];
  private readonly ino: number[] = [];
  private readonly mtimeMs: number[] = [];
  private readonly sizes: number[] = [];
  size = 0;

  private constructor(readonly root: string) {}

  static async of(root: string, options: ScanOptions = {}): Promise<FolderScan> {
    const scan = new FolderScan(root);
    const yieldNow = slicer();
    const { ignore, cacheRoot } = options;
    const walk = async (dir: string, rel: string, rules: DvcIgnore | undefined): Promise<void> => {
      const names = readdirSync(dir);
      const pooled = names.length >= STAT_POOL_ABOVE ? await statInPool(`${dir}${sep}`, names) : undefined;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const full = `${dir}${sep}${name}`;
        const kind = pooled?.[i * 4];
        if (kind === ENTRY.file && (!rules || rules.empty)) {
          scan.push(rel ? `${rel}/${name}` : name, { ino: pooled![i * 4 + 1]!, mtimeMs: pooled![i * 4 + 2]!, size: pooled![i * 4 + 3]! });
          continue; // the common case of a big folder, answered from the threads' lstats
        }
        if (kind === ENTRY.gone) continue;
        let info = lstatSync(full, { throwIfNoEntry: false });
        if (!info) continue; // removed since the readdir: not there
        const relpath = rel ? `${rel}/${name}` : name;
        if (rules && !rules.empty && rules.ignored(`${ignore!.prefix}/${relpath}`, info.isDirectory())) continue;
        if (info.isSymbolicLink() && cacheRoot !== undefined) info = cacheObjectBehind(full, cacheRoot) ?? info;
        if (info.isDirectory()) {
          if (!SKIPPED.has(name)) await walk(full, relpath, rules?.withFolder(`${ignore!.prefix}/${relpath}`));
        } else if (info.isFile()) scan.push(relpath, info);
        const turn = yieldNow();
        if (turn) await turn;
      }
    };
    await walk(root, '', ignore?.rules);
    return scan;
  }

  get length(): number {
    return this.relpaths.length;
  }

  full(i: number): string {
    return join(this.root, ...this.relpaths[i]!.split('/'));
  }

  info(i: number): FileInfo {
    return { ino: this.ino[i]!, mtimeMs: this.mtimeMs[i]!, size: this.sizes[i]! };
  }

  /**
   * A digest of every file's path, inode, mtime and size: any change to any of them changes it.
   * The numbers go in as raw float64s (no number-to-text conversion per file), the paths as
   * NUL-ended text (no path holds a NUL), in chunks led by their count.
   */
  digest(): string {
    const hash = createHash('md5');
    const CHUNK = 8192;
    const numbers = new Float64Array(CHUNK * 3);
    for (let start = 0; start < this.relpaths.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, this.relpaths.length);
      for (let i = start; i < end; i++) {
        const k = (i - start) * 3;
        numbers[k] = this.ino[i]!;
        numbers[k + 1] = this.mtimeMs[i]!;
        numbers[k + 2] = this.sizes[i]!;
      }
      hash.update(`${end - start}\n${this.relpaths.slice(start, end).join('\0')}\0`); // count first: unambiguous
      hash.update(new Uint8Array(numbers.buffer, 0, (end - start) * 3 * 8));
    }
    return hash.digest('hex');
  }

  private push(relpath: string, info: FileInfo): void {
    this.relpaths.push(relpath);
    this.ino.push(info.ino);
    this.mtimeMs.push(info.mtimeMs);
    this.sizes.push(info.size);
    this.size += info.size;
  }
}
