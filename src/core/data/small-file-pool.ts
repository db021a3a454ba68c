import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this many small files to hash, starting threads costs more than it saves. */
export const POOL_ABOVE = 4096;
/** Files per message: large enough that messaging is noise, small enough to balance the threads. */
const CHUNK = 1024;

/**
 * Runs in worker threads, so it must be self-contained (the CLI is one esbuild bundle, tests run the
 * TypeScript sources: an eval'd script works under both). Per file: open (O_NOATIME, as git does:
 * see openForHashing), read, fstat (the stats
 * must still be the scan's), close, md5; then, when storing and the object is not there yet, the
 * object written beside its place under a temp name and renamed in (as ContentCache does).
 */
const WORKER_SOURCE = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const { join } = require('node:path');
const { root, store } = workerData;
const tempPrefix = randomBytes(4).toString('hex') + threadId.toString(36);
let temps = 0;
const shards = new Map();
function shardNames(prefix) {
  let names = shards.get(prefix);
  if (!names) {
    const dir = join(root, 'files', 'md5', prefix);
    try { names = new Set(fs.readdirSync(dir)); } catch { fs.mkdirSync(dir, { recursive: true }); names = new Set(); }
    shards.set(prefix, names);
  }
  return names;
}
const NOATIME = fs.constants.O_NOATIME || 0;
function openRead(path) {
  if (NOATIME) {
    try { return fs.openSync(path, fs.constants.O_RDONLY | NOATIME); } catch (error) { if (error.code !== 'EPERM') throw error; }
  }
  return fs.openSync(path, 'r');
}
function read(path, ino, mtimeMs, size) {
  const fd = openRead(path);
  try {
    const bytes = Buffer.allocUnsafe(size);
    let n = 0;
    for (let got = -1; n < size && got !== 0; n += got) got = fs.readSync(fd, bytes, n, size - n, n);
    const after = fs.fstatSync(fd);
    if (n !== size || after.ino !== ino || after.mtimeMs !== mtimeMs || after.size !== size) return undefined;
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}
function put(md5, bytes) {
  const names = shardNames(md5.slice(0, 2));
  const rest = md5.slice(2);
  if (names.has(rest)) return;
  const target = join(root, 'files', 'md5', md5.slice(0, 2), rest);
  const temp = target + '.' + tempPrefix + (temps++).toString(36) + '.tmp';
  try {
    try {
      fs.writeFileSync(temp, bytes, { mode: 0o444 });
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      fs.mkdirSync(join(root, 'files', 'md5', md5.slice(0, 2)), { recursive: true }); // removed since (gc): make it again
      fs.writeFileSync(temp, bytes, { mode: 0o444 });
    }
    fs.renameSync(temp, target);
  } catch (error) {
    try { fs.unlinkSync(temp); } catch {}
    throw error;
  }
  names.add(rest);
}
parentPort.on('message', ({ paths, ino, mtimeMs, size }) => {
  const md5s = [];
  let phase = 'read';
  try {
    for (let i = 0; i < paths.length; i++) {
      phase = 'read';
      const bytes = read(paths[i], ino[i], mtimeMs[i], size[i]);
      if (!bytes) return parentPort.postMessage({ md5s, failed: { phase: 'changed' } });
      const md5 = createHash('md5').update(bytes).digest('hex');
      phase = 'store';
      if (store) put(md5, bytes);
      md5s.push(md5);
    }
    parentPort.postMessage({ md5s });
  } catch (error) {
    parentPort.postMessage({ md5s, failed: { phase, code: error.code, message: error.message } });
  }
});
`;

/** Why a file could not be hashed: it changed under us, or reading or storing it failed. */
export interface PoolFailure {
  index: number;
  phase: 'changed' | 'read' | 'store';
  error?: NodeJS.ErrnoException;
}

export interface PoolFiles {
  path(i: number): string;
  info(i: number): { ino: number; mtimeMs: number; size: number };
}

interface Reply {
  md5s: string[];
  failed?: { phase: PoolFailure['phase']; code?: string; message?: string };
}

/**
 * Hashes (and, with `store`, puts into the cache at `root`) the small files `indexes` of `files` in
 * worker threads, calling `done(i, md5)` for each as answers come. Stops handing out work at the
 * first failure and resolves with it, once every thread has answered what it was given.
 */
export async function hashInPool(files: PoolFiles, indexes: readonly number[], root: string, store: boolean, done: (i: number, md5: string) => void): Promise<PoolFailure | undefined> {
  const threads = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(indexes.length / CHUNK)));
  let next = 0;
  let failure: PoolFailure | undefined;
  const run = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      let chunk: readonly number[] = [];
      const send = (): void => {
        if (failure || next >= indexes.length) return resolve();
        chunk = indexes.slice(next, next + CHUNK);
        next += chunk.length;
        const infos = chunk.map((i) => files.info(i));
        worker.postMessage({ paths: chunk.map((i) => files.path(i)), ino: infos.map((x) => x.ino), mtimeMs: infos.map((x) => x.mtimeMs), size: infos.map((x) => x.size) });
      };
      worker.on('message', (reply: Reply) => {
        reply.md5s.forEach((md5, k) => done(chunk[k]!, md5));
        if (reply.failed) {
          const { phase, code, message } = reply.failed;
          failure ??= { index: chunk[reply.md5s.length]!, phase, ...(message !== undefined && { error: Object.assign(new Error(message), code && { code }) }) };
        }
        send();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`A hashing thread exited with code ${code} before answering.`)));
      send();
    });
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { root, store } }));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return failure;
}
