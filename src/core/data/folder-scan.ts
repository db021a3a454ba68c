import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { cacheObjectBehind } from './cache-link';
import type { DvcIgnore } from './dvc-ignore';

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

/** Resolves after giving the event loop a turn, at most once per SLICE_MS of synchronous work. */
export function slicer(): () => Promise<void> {
  let start = performance.now();
  return async () => {
    if (performance.now() - start < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    start = performance.now();
  };
}

/**
 * The regular files under a folder (symlinks and special files are not data) with the stats that
 * hashing needs, in parallel arrays: one lstat per entry, and no Stats object kept alive (100,000
 * of them cost the garbage collector more than the lstats).
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
      for (const name of readdirSync(dir)) {
        const full = `${dir}${sep}${name}`;
        let info = lstatSync(full, { throwIfNoEntry: false });
        if (!info) continue; // removed since the readdir: not there
        const relpath = rel ? `${rel}/${name}` : name;
        if (rules && !rules.empty && rules.ignored(`${ignore!.prefix}/${relpath}`, info.isDirectory())) continue;
        if (info.isSymbolicLink() && cacheRoot !== undefined) info = cacheObjectBehind(full, cacheRoot) ?? info;
        if (info.isDirectory()) {
          if (!SKIPPED.has(name)) await walk(full, relpath, rules?.withFolder(`${ignore!.prefix}/${relpath}`));
        } else if (info.isFile()) scan.push(relpath, info);
        await yieldNow();
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

  /** A digest of every file's path, inode, mtime and size: any change to any of them changes it. */
  digest(): string {
    const hash = createHash('md5');
    let batch = '';
    for (let i = 0; i < this.relpaths.length; i++) {
      batch += `${this.relpaths[i]}\0${this.ino[i]}\0${this.mtimeMs[i]}\0${this.sizes[i]}\n`;
      if (batch.length > 65536) {
        hash.update(batch);
        batch = '';
      }
    }
    return hash.update(batch).digest('hex');
  }

  private push(relpath: string, info: FileInfo): void {
    this.relpaths.push(relpath);
    this.ino.push(info.ino);
    this.mtimeMs.push(info.mtimeMs);
    this.sizes.push(info.size);
    this.size += info.size;
  }
}
