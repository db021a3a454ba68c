import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * `bytes` random bytes as hex. On POSIX they come from the kernel's CSPRNG (/dev/urandom, where
 * node:crypto gets its entropy too): the runtime bundle loads node:crypto on first use
 * (scripts/lazy-modules.mjs), and loading it would cost ~12 ms before the runtime's first answer
 * (its token, runtime.json's temp name). Elsewhere, or if the device cannot be read, node:crypto.
 */
export function randomHex(bytes: number): string {
  if (process.platform !== 'win32') {
    const buffer = Buffer.alloc(bytes);
    try {
      const fd = openSync('/dev/urandom', 'r');
      try {
        if (readSync(fd, buffer, 0, bytes, null) === bytes) return buffer.toString('hex');
      } finally {
        closeSync(fd);
      }
    } catch {
      // fall through to node:crypto
    }
  }
  return randomBytes(bytes).toString('hex');
}
