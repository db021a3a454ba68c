import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { PredictionLog, readPredictionLog } from '../../../src/core/models';
import type { PredictionRecord } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

const DAY = '2026-12-07';
const ROOT = resolve(__dirname, '../../..');

/** A process appending numbered records (each ~3 KB, the size of a batch-64 request) as fast as it can, until killed. */
const WRITER = `
const { PredictionLog } = require(${JSON.stringify(join(ROOT, 'src/core/models'))});
const log = new PredictionLog({ dir: process.argv[1], sampleRate: 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 20, maxPendingBytes: 64 << 20 });
const padding = 'x'.repeat(3000);
let n = 0;
const burst = () => {
  for (let i = 0; i < 50; i++, n++) log.append('${DAY}T12:00:00.000Z', [Buffer.from('{"request_id":"r' + n + '","time":"${DAY}T12:00:00.000Z","padding":"'), Buffer.from(padding), Buffer.from('"}\\n')]);
  setImmediate(burst);
};
burst();
`;

async function records(dir: string): Promise<PredictionRecord[]> {
  const all: PredictionRecord[] = [];
  for await (const record of readPredictionLog(dir)) all.push(record);
  return all;
}

describe('prediction log, killed mid-write', () => {
  it('keeps every record before the last batch whole and in order; the next run starts on a line of its own', async () => {
    const dir = tempDir();
    const file = join(dir, `${DAY}.jsonl`);
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', WRITER, dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await until('the writer has written 2 MB', () => existsSync(file) && readFileSync(file).length > 2 * 1024 * 1024, 30_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const before = await records(dir);
    assert.ok(before.length > 500, `${before.length} records`);
    before.forEach((record, i) => assert.equal(record.request_id, `r${i}`));
    // A line cut short by the kill (if the kill landed in a write) is skipped, not merged with the next run's first record.
    const log = new PredictionLog({ dir, sampleRate: 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 20, maxPendingBytes: 1 << 20 });
    log.append(`${DAY}T12:00:01.000Z`, JSON.stringify({ request_id: 'after' }));
    await log.close();
    const after = await records(dir);
    assert.deepEqual(after.map((r) => r.request_id), [...before.map((r) => r.request_id), 'after']);
  });

  it('closes off a torn last line with a line break before appending', async () => {
    const dir = tempDir();
    const file = join(dir, `${DAY}.jsonl`);
    appendFileSync(file, '{"request_id":"whole"}\n{"request_id":"torn","pad');
    const log = new PredictionLog({ dir, sampleRate: 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 20, maxPendingBytes: 1 << 20 });
    log.append(`${DAY}T12:00:01.000Z`, JSON.stringify({ request_id: 'next' }));
    await log.close();
    assert.equal(readFileSync(file, 'utf8'), '{"request_id":"whole"}\n{"request_id":"torn","pad\n{"request_id":"next"}\n');
    assert.deepEqual((await records(dir)).map((r) => r.request_id), ['whole', 'next']);
  });
});
