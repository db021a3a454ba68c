import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { DomainError } from '../errors';
import type { ContentCache } from './cache';
import type { CachePresence } from './cache-presence';
import { DvcIgnore } from './dvc-ignore';
import type { FileInfo } from './folder-scan';
import { FolderScan, slicer } from './folder-scan';
import { codePointOrder, md5Bytes, md5File, sortedManifest } from './hash';
import type { StatCache, StatRow } from './stat-cache';
import { snapshotKey, statMatches } from './stat-cache';
import type { PoolFailure } from './small-file-pool';
import { hashInPool, POOL_ABOVE } from './small-file-pool';

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
    const cached = known ? known.get(key) : this.statCache.get(key);
    if (statMatches(cached, info) && (!store || this.cache.hasSync(cached.md5))) return { md5: cached.md5, size: info.size, nfiles: 1 };
    const md5 = await this.hashOne(abs, key, info, store);
    this.statCache.save([{ path: key, inode: info.ino, mtime: info.mtimeMs, size: info.size, md5 }]);
    return { md5, size: info.size, nfiles: 1 };
  }

  /**
   * Every regular file under `abs` (symlinks and special files are not data) as a `.dir` manifest.
   * A folder whose files all have the stats they had when it was last hashed is answered from its
   * snapshot row, without loading a stat-cache row per file. As DVC does, files `.dvcignore` names
   * are left out, and a symlink to a cache object (DVC's `symlink` checkout) counts as its file.
   * One pass over the files, one sort, one manifest write and one stat-cache transaction (also
   * when a file fails, so what was hashed is not hashed again).
   */
  async directory(abs: string, prefix: string, store: boolean): Promise<Hashed> {
    const ignore = this.workspace === undefined ? undefined : { rules: DvcIgnore.above(this.workspace, prefix), prefix };
    const files = await FolderScan.of(abs, { ...(ignore && { ignore }), cacheRoot: this.cache.root });
    const snapshot = { path: snapshotKey(prefix, files.digest()), inode: files.length, mtime: 0, size: files.size };
    const seen = this.statCache.get(snapshot.path);
    if (seen && (!store || this.cache.holdsAll(seen.md5))) return { md5: seen.md5, size: files.size, nfiles: files.length };

    const known = this.statCache.load(prefix);
    const present = store ? this.cache.presence() : undefined;
    const md5s: string[] = new Array<string>(files.length);
    let todo: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const cached = known.get(`${prefix}/${files.relpaths[i]}`);
      if (statMatches(cached, files.info(i)) && (!present || present.has(cached.md5))) md5s[i] = cached.md5;
      else todo.push(i);
    }
    known.clear();
    const hashed: number[] = [];
    try {
      const small = todo.length > POOL_ABOVE ? todo.filter((i) => files.info(i).size <= SMALL_FILE) : [];
      if (small.length > POOL_ABOVE) {
        const record = (i: number, md5: string): void => {
          md5s[i] = md5;
          hashed.push(i);
        };
        const failure = await hashInPool({ path: (i) => files.full(i), info: (i) => files.info(i) }, small, this.cache.root, store, record);
        if (failure) throw this.poolError(failure, files, prefix);
        todo = todo.filter((i) => md5s[i] === undefined);
      }
      const yieldNow = slicer();
      for (const i of todo) {
        md5s[i] = await this.hashOne(files.full(i), `${prefix}/${files.relpaths[i]}`, files.info(i), store, present);
        hashed.push(i);
        const turn = yieldNow();
        if (turn) await turn;
      }
    } finally {
      this.statCache.save(hashedRows(files, prefix, md5s, hashed));
    }
    const manifest = sortedManifest(codePointOrder(files.relpaths), files.relpaths, md5s);
    if (store) await this.cache.storeBytes(manifest.md5, manifest.bytes);
    this.statCache.saveSnapshot(prefix, { ...snapshot, md5: manifest.md5 });
    return { md5: manifest.md5, size: files.size, nfiles: files.length };
  }

  /** The error a failure in the thread pool stands for, as hashOne would have thrown it. */
  private poolError(failure: PoolFailure, files: FolderScan, prefix: string): unknown {
    const key = `${prefix}/${files.relpaths[failure.index]}`;
    if (failure.phase === 'changed') return new ChangedWhileHashing(key);
    if (failure.phase === 'read') return explainRead(failure.error, key);
    return this.cache.explain(failure.error, files.full(failure.index));
  }

  private async hashOne(abs: string, key: string, info: FileInfo, store: boolean, present?: CachePresence): Promise<string> {
    if (info.size <= SMALL_FILE) {
      const bytes = readUnchanged(abs, key, info);
      const md5 = md5Bytes(bytes);
      if (store) this.cache.storeBytesSync(md5, bytes, abs, present);
      return md5;
    }
    const unchanged = (): void => {
      const after = statSync(abs, { throwIfNoEntry: false });
      if (!after) throw new ChangedWhileHashing(key, 'was deleted');
      if (after.ino !== info.ino || after.mtimeMs !== info.mtimeMs || after.size !== info.size) throw new ChangedWhileHashing(key);
    };
    const { md5 } = await md5File(abs).catch((error: unknown) => Promise.reject(explainRead(error, key)));
    unchanged();
    if (store) await this.cache.storeFile(md5, abs, async () => unchanged());
    return md5;
  }
}

/** The stat-cache rows of the files hashed this pass, in key order (appends to the table's b-tree, not scattered inserts). */
function* hashedRows(files: FolderScan, prefix: string, md5s: readonly string[], hashed: number[]): Generator<StatRow> {
  const relpaths = files.relpaths;
  hashed.sort((a, b) => (relpaths[a]! < relpaths[b]! ? -1 : relpaths[a]! > relpaths[b]! ? 1 : 0));
  for (const i of hashed) {
    const { ino, mtimeMs, size } = files.info(i);
    yield { path: `${prefix}/${relpaths[i]}`, inode: ino, mtime: mtimeMs, size, md5: md5s[i]! };
  }
}

/**
 * A small file's bytes, read whole through one descriptor whose stats must still be those the scan
 * saw once it is read (open, read, fstat, close: no second stat by path).
 */
function readUnchanged(abs: string, key: string, info: FileInfo): Buffer {
  let fd: number;
  try {
    fd = openForHashing(abs);
  } catch (error) {
    throw explainRead(error, key);
  }
  try {
    const bytes = Buffer.allocUnsafe(info.size);
    let n = 0;
    for (let got = -1; n < bytes.length && got !== 0; n += got) got = readSync(fd, bytes, n, bytes.length - n, n);
    const after = fstatSync(fd);
    if (n !== info.size || after.ino !== info.ino || after.mtimeMs !== info.mtimeMs || after.size !== info.size) throw new ChangedWhileHashing(key);
    return bytes;
  } catch (error) {
    throw explainRead(error, key);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a file to read without updating its access time where the OS allows (Linux, files the user
 * owns), as git does: with `relatime`, the first read of a new file dirties its inode, and at a
 * million fresh files those journal writes made reading 25× slower.
 */
export function openForHashing(abs: string): number {
  if (constants.O_NOATIME) {
    try {
      return openSync(abs, constants.O_RDONLY | constants.O_NOATIME);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
  return openSync(abs, 'r');
}

function explainRead(error: unknown, key: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ChangedWhileHashing(key, 'was deleted');
  if (code === 'EACCES' || code === 'EPERM') return new DomainError('INVALID_STATE', `Cannot read ${key}: permission denied. Give your user read access to it (chmod u+r) or stop tracking it.`);
  return error;
}

