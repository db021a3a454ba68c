import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { invalidState } from '../errors';
import { isProcessRunning } from '../workspace';

const WAIT_MS = 10_000;
/** A lock file older than this whose holder cannot be checked is taken as left over. */
const STALE_MS = 60_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` holding `path` (created exclusively, holding our pid), so read-modify-write of a file
 * by several processes never loses one's update. A lock left by a process that is gone is taken over.
 */
export function withFileLock<T>(path: string, what: string, fn: () => T): T {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      try {
        return fn();
      } finally {
        rmSync(path, { force: true });
      }
    }
    const holder = holderOf(path);
    if (holder === 'gone') {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw invalidState(`${what} is being written by process ${holder}; try again when it is done (or delete ${path} if that process is not running).`);
    Atomics.wait(pause, 0, 0, 5);
  }
}

function holderOf(path: string): number | 'gone' | 'unknown' {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    if (Number.isSafeInteger(pid) && pid > 0) return pid !== process.pid && isProcessRunning(pid) ? pid : 'gone';
    return Date.now() - statSync(path).mtimeMs > STALE_MS ? 'gone' : 'unknown';
  } catch {
    return 'unknown'; // just released, or being written: look again
  }
}
