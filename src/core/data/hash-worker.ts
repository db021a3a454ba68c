import { Worker } from 'node:worker_threads';

/**
 * Runs in a worker thread, so it must be self-contained: the CLI is one esbuild bundle and tests
 * run the TypeScript sources, and an eval'd script works the same under both.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
try {
  const hash = createHash('md5');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  const fd = openSync(workerData, 'r');
  let size = 0;
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ md5: hash.digest('hex'), size });
} catch (error) {
  parentPort.postMessage({ error: { message: error.message, code: error.code } });
}
`;

type Reply = { md5: string; size: number; error?: undefined } | { error: { message: string; code?: string } };

/** md5 of a file computed off the event loop, in a worker thread of its own. */
export function md5InWorker(path: string): Promise<{ md5: string; size: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: path });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if (reply.error) reject(Object.assign(new Error(reply.error.message), reply.error.code && { code: reply.error.code }));
      else resolve({ md5: reply.md5, size: reply.size });
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The hashing worker for ${path} exited with code ${code} before answering.`));
    });
  });
}
