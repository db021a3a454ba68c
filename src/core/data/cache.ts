import { randomBytes } from 'node:crypto';
import { chmod, constants, copyFile, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError } from '../errors';
import { md5File } from './hash';

/**
 * A DVC 3 cache: `<root>/files/md5/<first 2 hex>/<rest>`, objects read-only, written atomically
 * (temp file beside the object, then rename) so no reader ever sees a partial object.
 */
export class ContentCache {
  constructor(readonly root: string) {}

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

  /** Copies `source` into the cache (a reflink where the filesystem can, else a copy). */
  storeFile(md5: string, source: string): Promise<boolean> {
    return this.store(md5, async (temp) => {
      await copyFile(source, temp, constants.COPYFILE_FICLONE);
      await chmod(temp, 0o444);
    });
  }

  storeBytes(md5: string, bytes: Uint8Array): Promise<boolean> {
    return this.store(md5, (temp) => writeFile(temp, bytes, { mode: 0o444 }));
  }

  /** Writes an object through a temp file and rename; false when it was already there. */
  private async store(md5: string, write: (temp: string) => Promise<void>): Promise<boolean> {
    if (await this.has(md5)) return false;
    const target = this.objectPath(md5);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await write(temp);
      await rename(temp, target);
      return true;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Restores an object into the workspace as a writable copy (never a link the editor could write
   * through), hash-checked before it replaces anything.
   */
  async restoreFile(md5: string, destination: string): Promise<void> {
    await mkdir(dirname(destination), { recursive: true });
    const temp = `${destination}.${randomBytes(6).toString('hex')}.mlops-tmp`;
    try {
      await copyFile(this.objectPath(md5), temp, constants.COPYFILE_FICLONE);
      const actual = (await md5File(temp)).md5;
      if (actual !== md5) throw new DomainError('INVALID_STATE', `The cache object ${this.objectPath(md5)} is corrupt (its content hashes to ${actual}); run mlops data verify. Nothing was restored.`);
      await chmod(temp, 0o644);
      await rename(temp, destination);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
