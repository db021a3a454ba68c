import { createReadStream, createWriteStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalid, notFound } from '../errors';
import { isBadPath } from './validation';

export interface ArtifactFile {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/**
 * Files under `.mlops/artifacts`, addressed by the path after `mlflow-artifacts:/`
 * (`<experiment>/<run>/artifacts/...`). Every path is resolved and confined to the root.
 */
export class ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute file for a relative artifact path; refuses `..`, absolute paths and escapes. */
  resolve(path: string): string {
    const clean = path.replace(/^\/+/, '');
    if (isBadPath(clean)) throw invalid(`Invalid artifact path: '${path}'. Artifact paths must be relative and must not contain '..'.`);
    const absolute = resolve(this.root, clean);
    if (absolute !== this.root && !absolute.startsWith(this.root + sep)) throw invalid(`Invalid artifact path: '${path}'.`);
    return absolute;
  }

  /** Streams `body` into place atomically: a temp file beside the target, then rename. */
  async put(path: string, body: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<number> {
    const target = this.resolve(path);
    if (target === this.root) throw invalid('An artifact needs a file name.');
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.partial`;
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw invalid(`Artifact '${path}' is larger than the limit of ${maxBytes} bytes.`);
            yield chunk;
          }
        },
        createWriteStream(temp, { flags: 'wx' }),
      );
      await rename(temp, target);
      return size;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async open(path: string): Promise<{ stream: ReadStream; size: number }> {
    const file = this.resolve(path);
    const info = await stat(file).catch(() => undefined);
    if (!info || !info.isFile()) throw notFound(`Artifact '${path}' does not exist.`);
    return { stream: createReadStream(file), size: info.size };
  }

  /** Direct children of `path` (a directory), paths relative to `base` (default: `path`'s parent root). */
  async list(path: string, base = ''): Promise<ArtifactFile[]> {
    const dir = this.resolve(path);
    const baseDir = this.resolve(base);
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      throw error;
    });
    const files: ArtifactFile[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.endsWith('.partial')) continue;
      const full = join(dir, entry.name);
      const rel = relative(baseDir, full).split(sep).join('/');
      if (entry.isDirectory()) files.push({ path: rel, isDir: true });
      else if (entry.isFile()) files.push({ path: rel, isDir: false, fileSize: (await stat(full)).size });
    }
    return files;
  }

  async delete(path: string): Promise<void> {
    const target = this.resolve(path);
    if (target === this.root) throw invalid('Refusing to delete the artifact root.');
    await rm(target, { recursive: true, force: true });
  }
}

/** `mlflow-artifacts:/0/abc/artifacts` → `0/abc/artifacts`; other schemes are not ours. */
export function artifactPathOfUri(uri: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri);
  if (!match) throw invalid(`Unsupported artifact URI '${uri}': only mlflow-artifacts: locations are served.`);
  return match[1]!.replace(/\/+$/, '');
}
