import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { md5Bytes, md5File } from '../../src/core/data';
import { md5InWorker } from '../../src/core/data/hash-worker';
import { tempDir } from '../helpers/temp';

describe('hashing large files in a worker thread', () => {
  it('gives the same md5 and size as hashing in the main thread', async () => {
    const file = join(tempDir(), 'data.bin');
    const bytes = randomBytes(5 * 1024 * 1024 + 17);
    writeFileSync(file, bytes);
    assert.deepEqual(await md5File(file, 1), { md5: md5Bytes(bytes), size: bytes.length });
    assert.deepEqual(await md5File(file, Infinity), { md5: md5Bytes(bytes), size: bytes.length });
  });

  it('leaves the event loop idle while it hashes', async () => {
    const file = join(tempDir(), 'big.bin');
    writeFileSync(file, Buffer.alloc(96 * 1024 * 1024, 7));
    let ticks = 0;
    const busyWhile = async (workerAbove: number): Promise<number> => {
      const before = performance.eventLoopUtilization();
      const timer = setInterval(() => ticks++, 5);
      await md5File(file, workerAbove);
      clearInterval(timer);
      return performance.eventLoopUtilization(before).utilization;
    };
    // Against hashing on this thread in the same run: another test file loading the other core slows both alike.
    const onThisThread = await busyWhile(Infinity);
    ticks = 0;
    const inWorker = await busyWhile(1);
    const percent = (x: number) => Math.round(x * 100);
    assert.ok(inWorker < 0.5 || inWorker < onThisThread * 0.8, `event loop ${percent(inWorker)}% busy while a worker hashed, ${percent(onThisThread)}% while this thread did`);
    assert.ok(ticks > 0, 'timers ran while hashing');
  });

  it('passes a read error back with its code', async () => {
    await assert.rejects(md5File(join(tempDir(), 'nope.bin'), 1), { code: 'ENOENT' });
    await assert.rejects(md5InWorker(join(tempDir(), 'nope.bin')), { code: 'ENOENT', message: /no such file/ });
  });
});
