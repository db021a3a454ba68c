import type { Stats } from 'node:fs';
import { realpathSync, statSync } from 'node:fs';
import { chmod, constants, copyFile, link, symlink, unlink } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { CacheLink } from './dvc-config';

/** An object's place relative to the cache root: DVC 3's `files/md5/xx/rest` or DVC 2's `xx/rest`. */
const OBJECT = /^(?:files\/md5\/)?[0-9a-f]{2}\/[0-9a-f]{30}(?:\.dir)?$/;

/**
 * The stats of the cache object a symlink leads to, when it leads to one (DVC's `symlink` checkout);
 * undefined for any other link, so a link out of the workspace is still never followed as data.
 */
export function cacheObjectBehind(path: string, cacheRoot: string): Stats | undefined {
  try {
    const real = realpathSync(path);
    const rel = relative(realpathSync(resolve(cacheRoot)), real).split(sep).join('/');
    if (!OBJECT.test(rel)) return undefined;
    const info = statSync(real);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Puts the cache object at `temp` by the first of `types` the filesystem allows, as DVC's checkout
 * does: `reflink` (copy-on-write clone), `hardlink`, `symlink` (absolute, to the read-only object),
 * `copy`. Copies are made writable; links keep the object read-only, as DVC leaves them.
 * Returns the type used.
 */
export async function placeObject(object: string, temp: string, types: readonly CacheLink[]): Promise<CacheLink> {
  let last: unknown;
  for (const type of types) {
    try {
      if (type === 'reflink') await copyFile(object, temp, constants.COPYFILE_FICLONE_FORCE);
      else if (type === 'hardlink') await link(object, temp);
      else if (type === 'symlink') await symlink(resolve(object), temp);
      else await copyFile(object, temp);
      if (type === 'reflink' || type === 'copy') await chmod(temp, 0o644);
      return type;
    } catch (error) {
      last = error;
      await unlink(temp).catch(() => undefined);
    }
  }
  // DVC falls back to a copy when every configured type fails (e.g. reflink on ext4).
  if (!types.includes('copy')) {
    await copyFile(object, temp);
    await chmod(temp, 0o644);
    return 'copy';
  }
  throw last;
}
