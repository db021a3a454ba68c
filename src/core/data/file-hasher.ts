import { readFileSync, statSync } from 'node:fs';
import { DomainError } from '../errors';
import type { ContentCache } from './cache';
import { DvcIgnore } from './dvc-ignore';
import type { FileInfo } from './folder-scan';
import { FolderScan, slicer } from './folder-scan';
import type { DirEntry } from './hash';
import { dirManifest, md5Bytes, md5File } from './hash';
import type { StatCache, StatRow } from './stat-cache';
import { snapshotKey, statMatches } from './stat-cache';

/** Files up to this size are read whole, hashed and stored from the same bytes, synchronously. */
const SMALL_FILE = 1024 * 1024;

export interface Hashed {
  md5: string;
  size: number;
  nfiles: number;
}

/** The file changed (or vanished) while it was read: retry once it is stable. */
export class ChangedWhileHashing extends DomainError {
  constructor(key: string, what = 'changed') {
    super('INVALID_STATE', `${key} ${what} while it was being hashed; it will be versioned once it is stable.`);
  }
}

/**
 * Hashes files and folders as DVC 3 does, trusting the stat cache while inode, mtime and size are
 * unchanged, and (when `store`) puts what it hashed into the content cache.
 */
export class FileHasher {
  constructor(
    private readonly statCache: StatCache,
    private readonly cache: ContentCache,
    private readonly workspace?: string,
  ) {}

  /** One file; `key` is its workspace-relative path, `known` a preloaded part of the stat cache. */
  async file(abs: string, key: string, info: FileInfo, store: boolean, known?: Map<string, StatRow>): Promise<Hashed> {
    const rows: StatRow[] = [];
    try {
      const md5 = await this.hashOne(abs, key, info, store, known ?? new Map(this.rowOf(key)), rows);
      return { md5, size: info.size, nfiles: 1 };
    } finally {
      this.statCache.save(rows);
    }
  }

  /**
   * Every regular file under `abs` (symlinks and special files are not data) as a `.dir` manifest.
   * A folder whose files all have the stats they had when it was last hashed is answered from its
   * snapshot row, without loading a stat-cache row per file. As DVC does, files `.dvcignore` names
   * are left out, and a symlink to a cache object (DVC's `symlink` checkout) counts as its file.
   */
  async directory(abs: string, prefix: string, store: boolean): Promise<Hashed> {
    const ignore = this.workspace === undefined ? undefined : { rules: DvcIgnore.above(this.workspace, prefix), prefix };
    const files = await FolderScan.of(abs, { ...(ignore && { ignore }), cacheRoot: this.cache.root });
    const snapshot = { path: snapshotKey(prefix, files.digest()), inode: files.length, mtime: 0, size: files.size };
    const seen = this.statCache.get(snapshot.path);
    if (seen && (!store || this.cache.holdsAll(seen.md5))) return { md5: seen.md5, size: files.size, nfiles: files.length };

    const known = this.statCache.load(prefix);
    const entries: DirEntry[] = new Array(files.length);
    const rows: StatRow[] = [];
    const yieldNow = slicer();
    try {
      for (let i = 0; i < files.length; i++) {
        const relpath = files.relpaths[i]!;
        const key = `${prefix}/${relpath}`;
        const cached = known.get(key);
        const info = files.info(i);
        const md5 = statMatches(cached, info) && !store ? cached.md5 : await this.hashOne(files.full(i), key, info, store, known, rows);
        entries[i] = { md5, relpath };
        await yieldNow();
      }
    } finally {
      this.statCache.save(rows);
    }
    const manifest = dirManifest(entries);
    if (store) await this.cache.storeBytes(manifest.md5, manifest.bytes);
    this.statCache.saveSnapshot(prefix, { ...snapshot, md5: manifest.md5 });
    return { md5: manifest.md5, size: files.size, nfiles: files.length };
  }

  private rowOf(key: string): [string, StatRow][] {
    const row = this.statCache.get(key);
    return row ? [[key, row]] : [];
  }

  private async hashOne(abs: string, key: string, info: FileInfo, store: boolean, known: Map<string, StatRow>, rows: StatRow[]): Promise<string> {
    const cached = known.get(key);
    if (statMatches(cached, info) && (!store || this.cache.hasSync(cached.md5))) return cached.md5;
    let md5: string;
    const unchanged = (): void => {
      const after = statSync(abs, { throwIfNoEntry: false });
      if (!after) throw new ChangedWhileHashing(key, 'was deleted');
      if (after.ino !== info.ino || after.mtimeMs !== info.mtimeMs || after.size !== info.size) throw new ChangedWhileHashing(key);
    };
    if (info.size <= SMALL_FILE) {
      const bytes = readOrExplain(abs, key);
      md5 = md5Bytes(bytes);
      unchanged();
      if (store) this.cache.storeBytesSync(md5, bytes, abs);
    } else {
      md5 = (await md5File(abs).catch((error: unknown) => Promise.reject(explainRead(error, key)))).md5;
      unchanged();
      if (store) await this.cache.storeFile(md5, abs, async () => unchanged());
    }
    rows.push({ path: key, inode: info.ino, mtime: info.mtimeMs, size: info.size, md5 });
    return md5;
  }
}

function readOrExplain(abs: string, key: string): Buffer {
  try {
    return readFileSync(abs);
  } catch (error) {
    throw explainRead(error, key);
  }
}

function explainRead(error: unknown, key: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ChangedWhileHashing(key, 'was deleted');
  if (code === 'EACCES' || code === 'EPERM') return new DomainError('INVALID_STATE', `Cannot read ${key}: permission denied. Give your user read access to it (chmod u+r) or stop tracking it.`);
  return error;
}

