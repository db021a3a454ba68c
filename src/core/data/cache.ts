import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, constants, copyFile, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError } from '../errors';
import { placeObject } from './cache-link';
import { CachePresence } from './cache-presence';
import type { CacheLink } from './dvc-config';
import { md5File } from './hash';
import { readManifestSync } from './manifest';

/**
 * A DVC 3 cache: `<root>/files/md5/<first 2 hex>/<rest>`, objects read-only, written atomically
 * (temp file beside the object, then rename) so no reader ever sees a partial object.
 */
export class ContentCache {
  /** Shard folders this process has seen or made, so each is created once, not once per object. */
  private readonly shards = new Set<string>();
  /** Temp names: unique per process and write without a random draw for each of 100,000 objects. */
  private tempPrefixDrawn: string | undefined;
  private get tempPrefix(): string {
    return (this.tempPrefixDrawn ??= randomBytes(6).toString('hex'));
  }
  private temps = 0;

  /**
   * How a restore puts an object into the workspace, in order of preference: DVC's `cache.type` in
   * a DVC repository that sets it; otherwise a writable copy (a reflink clone where possible).
   */
  checkoutTypes: readonly CacheLink[] | undefined;

  /** `reflink`: copy-on-write clones where the filesystem can (a plain copy elsewhere); `copy`: always a copy. */
  constructor(
    readonly root: string,
    readonly link: 'reflink' | 'copy' = 'reflink',
  ) {}

  /** Where DVC 2 kept the object: `<root>/<first 2 hex>/<rest>` (read, never written). */
  legacyPath(md5: string): string {
    this.objectPath(md5); // refuses a name that is not an md5
    return join(this.root, md5.slice(0, 2), md5.slice(2));
  }

  /**
   * Copies an object that is only in DVC 2's layout into DVC 3's, when its bytes hash to its name
   * (true of every DVC 2 object but a text file with CRLF line ends, which DVC 2 hashed as LF).
   * True when the object is now in DVC 3's layout.
   */
  async adoptLegacy(md5: string): Promise<boolean> {
    if (await this.has(md5)) return true;
    const legacy = this.legacyPath(md5);
    if (!(await stat(legacy).then((s) => s.isFile(), () => false))) return false;
    const actual = await md5File(legacy);
    const named = md5.endsWith('.dir') ? `${actual.md5}.dir` : actual.md5;
    if (named !== md5) return false;
    await this.storeFile(md5, legacy);
    return true;
  }

  private get copyMode(): number {
    return this.link === 'reflink' ? constants.COPYFILE_FICLONE : 0;
  }

  objectPath(md5: string): string {
    if (!/^[0-9a-f]{32}(\.dir)?$/.test(md5)) throw new Error(`Not a DVC md5: ${md5}`);
    return join(this.root, 'files', 'md5', md5.slice(0, 2), md5.slice(2));
  }

  async has(md5: string): Promise<boolean> {
    return stat(this.objectPath(md5)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  hasSync(md5: string): boolean {
    return lstatSync(this.objectPath(md5), { throwIfNoEntry: false })?.isFile() ?? false;
  }

  /** Which objects the cache holds, a readdir per shard on first need (see CachePresence). */
  presence(): CachePresence {
    return new CachePresence((md5) => dirname(this.objectPath(md5)));
  }

  /**
   * A digest of the shard folders' names, inodes and change times: removing an object changes it,
   * and a ctime, unlike an mtime, cannot be set back. `settled` is false while a shard changed too
   * recently for a filesystem with coarse timestamps to show the next change.
   */
  stamp(): { digest: string; settled: boolean } {
    const base = join(this.root, 'files', 'md5');
    const hash = createHash('md5');
    let newest = 0;
    let names: string[] = [];
    try {
      names = readdirSync(base).sort();
    } catch {
      // no cache yet
    }
    for (const name of names) {
      const info = statSync(join(base, name), { throwIfNoEntry: false });
      if (!info) continue;
      newest = Math.max(newest, info.ctimeMs);
      hash.update(`${name}\0${info.ino}\0${info.ctimeMs}\n`);
    }
    return { digest: hash.digest('hex'), settled: Date.now() - newest > 2000 };
  }

  /** The object is here and, for a folder, so is every file its manifest lists. */
  holdsAll(md5: string, present = this.presence()): boolean {
    if (!present.has(md5)) return false;
    if (!md5.endsWith('.dir')) return true;
    const entries = readManifestSync(this.objectPath(md5));
    return entries !== undefined && entries.every((entry) => present.has(entry.md5)); // unreadable or not a manifest: as good as missing
  }

  /**
   * Copies `source` into the cache (a reflink where the filesystem can, else a copy). `check` runs
   * on the finished copy before it becomes the object; it throws to discard the copy.
   */
  storeFile(md5: string, source: string, check?: () => Promise<void>): Promise<boolean> {
    return this.store(md5, source, async (temp) => {
      await copyFile(source, temp, this.copyMode);
      await chmod(temp, 0o444);
      await check?.();
    });
  }

  storeBytes(md5: string, bytes: Uint8Array): Promise<boolean> {
    return this.store(md5, md5, (temp) => writeFile(temp, bytes, { mode: 0o444 }));
  }

  /**
   * storeBytes without a trip through the thread pool, for the many small files of a folder;
   * `present` (a snapshot of this pass) answers "already there?" instead of a stat.
   */
  storeBytesSync(md5: string, bytes: Uint8Array, source: string, present?: CachePresence): boolean {
    if (present ? present.has(md5) : this.hasSync(md5)) return false;
    const target = this.objectPath(md5);
    this.ensureShard(dirname(target));
    const temp = `${target}.${this.tempPrefix}${(this.temps++).toString(36)}.tmp`;
    try {
      try {
        writeFileSync(temp, bytes, { mode: 0o444 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.shards.delete(dirname(target)); // removed since (gc): make it again
        this.ensureShard(dirname(target));
        writeFileSync(temp, bytes, { mode: 0o444 });
      }
      renameSync(temp, target);
      present?.add(md5);
      return true;
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // never created
      }
      throw this.explain(error, source);
    }
  }

  /** Writes an object through a temp file and rename; false when it was already there. */
  private async store(md5: string, source: string, write: (temp: string) => Promise<void>): Promise<boolean> {
    if (await this.has(md5)) return false;
    const target = this.objectPath(md5);
    this.ensureShard(dirname(target));
    const temp = `${target}.${this.tempPrefix}${(this.temps++).toString(36)}.tmp`;
    try {
      await write(temp).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT' || !this.shards.delete(dirname(target))) throw error;
        this.ensureShard(dirname(target)); // removed since (gc): make it again
        return write(temp);
      });
      await rename(temp, target);
      return true;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.explain(error, source);
    }
  }

  private ensureShard(shard: string): void {
    if (this.shards.has(shard)) return;
    try {
      mkdirSync(shard, { recursive: true });
    } catch (error) {
      throw this.explain(error, shard);
    }
    this.shards.add(shard);
  }

  /** A full disk or a read-only cache said in words, with what to do; other errors unchanged. */
  explain(error: unknown, what: string): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return new DomainError('INVALID_STATE', `No space left for the data cache at ${this.root} while storing ${what}: free some disk space, then version it again. Nothing partial was kept.`);
    }
    if (code === 'EROFS') return new DomainError('INVALID_STATE', `The data cache at ${this.root} is on a read-only filesystem; cannot store ${what}.`);
    return error;
  }

  /**
   * Restores an object into the workspace as a writable copy (never a link the editor could write
   * through), hash-checked before it replaces anything.
   */
  async restoreFile(md5: string, destination: string): Promise<void> {
    await mkdir(dirname(destination), { recursive: true });
    const temp = `${destination}.${randomBytes(6).toString('hex')}.mlops-tmp`;
    if (this.checkoutTypes) return this.restoreLinked(md5, temp, destination, this.checkoutTypes);
    try {
      await copyFile(this.objectPath(md5), temp, this.copyMode);
      const actual = (await md5File(temp)).md5;
      if (actual !== md5) throw new DomainError('INVALID_STATE', `The cache object ${this.objectPath(md5)} is corrupt (its content hashes to ${actual}); run mlops data verify. Nothing was restored.`);
      await chmod(temp, 0o644);
      await rename(temp, destination);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** A restore by DVC's `cache.type`: the object is hash-checked, then linked (or copied) in by rename. */
  private async restoreLinked(md5: string, temp: string, destination: string, types: readonly CacheLink[]): Promise<void> {
    const object = this.objectPath(md5);
    const actual = (await md5File(object)).md5;
    if (actual !== md5) throw new DomainError('INVALID_STATE', `The cache object ${object} is corrupt (its content hashes to ${actual}); run mlops data verify. Nothing was restored.`);
    try {
      await placeObject(object, temp, types);
      await rename(temp, destination);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
