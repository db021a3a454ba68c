import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** A folder with at least this many entries has them lstat'ed in worker threads (below, threads cost more than they save). */
export const STAT_POOL_ABOVE = 65_536;

/**
 * What an lstat found, per entry: gone since the readdir, a regular file, a folder, a symlink,
 * anything else, or an error (the caller lstats that entry itself, to throw it as it would).
 */
export const ENTRY = { gone: 0, file: 1, directory: 2, symlink: 3, other: 4, failed: 5 } as const;

/** The lstats of many names in one folder: kind, inode, mtime (ms) and size of entry `i` at `4 * i`. */
export type EntryStats = Float64Array;

/**
 * Runs in worker threads, so it must be self-contained (see small-file-pool.ts). Answers a slice
 * of names with their lstats packed in a transferred Float64Array: no Stats object crosses threads.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { lstatSync } = require('node:fs');
parentPort.on('message', ({ dir, names }) => {
  const out = new Float64Array(names.length * 4);
  for (let i = 0; i < names.length; i++) {
    let info;
    try {
      info = lstatSync(dir + names[i], { throwIfNoEntry: false });
    } catch {
      out[i * 4] = 5;
      continue;
    }
    if (!info) continue;
    out[i * 4] = info.isFile() ? 1 : info.isDirectory() ? 2 : info.isSymbolicLink() ? 3 : 4;
    out[i * 4 + 1] = info.ino;
    out[i * 4 + 2] = info.mtimeMs;
    out[i * 4 + 3] = info.size;
  }
  parentPort.postMessage(out, [out.buffer]);
});
`;

/**
 * The lstats of `names` in the folder `dir` (ending in a path separator), split across up to
 * `availableParallelism()` threads (at most 4) and the calling thread's wait.
 */
export async function statInPool(dir: string, names: readonly string[]): Promise<EntryStats> {
  const threads = Math.max(2, Math.min(4, availableParallelism()));
  const per = Math.ceil(names.length / threads);
  const out = new Float64Array(names.length * 4);
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads }, (_, t) => {
        const start = t * per;
        const slice = names.slice(start, start + per);
        if (slice.length === 0) return undefined;
        const worker = new Worker(WORKER_SOURCE, { eval: true });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.once('message', (stats: Float64Array) => {
            out.set(stats, start * 4);
            resolve();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`A scanning thread exited with code ${code} before answering.`)));
          worker.postMessage({ dir, names: slice });
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
