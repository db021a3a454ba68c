import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PredictionLog, recordInput } from '../../../src/core/models';
import type { PredictionLogOptions, PredictionRecord } from '../../../src/core/models';
import { parseServingConfig, SERVING_DEFAULTS } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';
import { classifier, FEATURES, rowsOf, startTestServer } from './fixtures';

function logIn(dir: string, options: Partial<PredictionLogOptions> = {}): PredictionLog {
  return new PredictionLog({ dir, sampleRate: 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 50, maxPendingBytes: 1 << 20, ...options });
}

const line = (n: number, pad = 0) => JSON.stringify({ request_id: `r${n}`, padding: 'x'.repeat(pad) });
const files = (dir: string) => readdirSync(dir).sort();

describe('prediction log', () => {
  it('writes one JSON line per record into a file per UTC day, within the flush interval (what a SIGKILL can lose)', async () => {
    const dir = tempDir();
    const log = logIn(dir, { flushIntervalMs: 100 });
    log.append('2026-03-01T23:59:59.900Z', line(1));
    log.append('2026-03-02T00:00:00.100Z', line(2));
    await until('both days are flushed', () => files(dir).length === 2 && readFileSync(join(dir, '2026-03-02.jsonl'), 'utf8').length > 0);
    assert.deepEqual(files(dir), ['2026-03-01.jsonl', '2026-03-02.jsonl']);
    assert.equal(readFileSync(join(dir, '2026-03-02.jsonl'), 'utf8'), `${line(2)}\n`);
    log.append('2026-03-02T00:00:01.000Z', line(3));
    await log.close();
    assert.equal(readFileSync(join(dir, '2026-03-02.jsonl'), 'utf8'), `${line(2)}\n${line(3)}\n`);
  });

  it('deletes files older than max_days when a new day starts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '2026-02-20.jsonl'), `${line(0)}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'not a day file');
    const log = logIn(dir, { maxDays: 2 });
    for (const [i, day] of ['2026-03-01', '2026-03-02', '2026-03-03'].entries()) {
      log.append(`${day}T12:00:00.000Z`, line(i));
      log.flush();
    }
    await log.close();
    assert.deepEqual(files(dir), ['2026-03-02.jsonl', '2026-03-03.jsonl', 'notes.txt']);
  });

  it('keeps the folder under max_bytes: the oldest days go first, then today’s overflow is dropped and counted', async () => {
    const dir = tempDir();
    let dropped = 0;
    const log = logIn(dir, { maxBytes: 2500, onDropped: (n) => (dropped += n) });
    const record = line(0, 980);
    for (const day of ['2026-03-01', '2026-03-02']) {
      log.append(`${day}T12:00:00.000Z`, record);
      log.flush();
    }
    log.append('2026-03-03T12:00:00.000Z', record);
    log.flush();
    assert.deepEqual(files(dir), ['2026-03-02.jsonl', '2026-03-03.jsonl']);
    log.append('2026-03-03T12:00:01.000Z', record);
    log.flush();
    assert.deepEqual(files(dir), ['2026-03-03.jsonl']);
    log.append('2026-03-03T12:00:02.000Z', record);
    log.append('2026-03-03T12:00:03.000Z', record);
    await log.close();
    assert.equal(dropped, 2);
    assert.equal(readFileSync(join(dir, '2026-03-03.jsonl'), 'utf8').split('\n').length - 1, 2);
  });

  it('with sample_rate 0 logs failures only; a record reads back as the input it scored', async () => {
    const server = await startTestServer(classifier(1).bytes, { sampleRate: 0 });
    const rows = rowsOf(12, 2);
    assert.equal((await server.invoke({ dataframe_split: { columns: FEATURES, data: rows } })).status, 200);
    assert.equal((await server.invoke({ inputs: [[1]] }, { 'x-request-id': 'bad' })).status, 400);
    await server.shutdown();
    const records = await server.records();
    assert.deepEqual(records.map((r) => [r.request_id, r.status]), [['bad', 400]]);
    const kept = await startTestServer(classifier(1).bytes);
    await kept.invoke(`${FEATURES.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`, { 'content-type': 'text/csv' });
    await kept.shutdown();
    const [csv] = (await kept.records()) as [PredictionRecord];
    assert.equal(csv.format, 'csv');
    const input = recordInput(csv);
    assert.equal(input?.kind, 'frame');
    assert.deepEqual(input?.kind === 'frame' && input.frame.kind === 'rows' ? input.frame.rows.map((r) => r.map(Number)) : undefined, rows);
  });
});

describe('serving section of mlops.yaml', () => {
  it('is the defaults when absent', () => {
    assert.deepEqual(parseServingConfig('version: 1\n'), { config: SERVING_DEFAULTS, errors: [] });
  });

  it('reads every setting, in the units it names', () => {
    const { config, errors } = parseServingConfig(
      [
        'serving:',
        '  host: 0.0.0.0',
        '  port: 8080',
        '  max_body_mb: 8',
        '  request_timeout_seconds: 5',
        '  header_timeout_seconds: 2',
        '  idle_timeout_seconds: 1.5',
        '  shutdown_timeout_seconds: 10',
        '  alias_poll_seconds: 0.5',
        '  threads: 2',
        '  prediction_log:',
        '    enabled: false',
        '    sample_rate: 0.25',
        '    max_days: 7',
        '    max_mb: 100',
        '    flush_interval_ms: 50',
      ].join('\n'),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config, {
      host: '0.0.0.0',
      port: 8080,
      maxBodyBytes: 8 * 1024 * 1024,
      requestTimeoutMs: 5000,
      headersTimeoutMs: 2000,
      idleTimeoutMs: 1500,
      shutdownTimeoutMs: 10_000,
      aliasPollMs: 500,
      threads: 2,
      maxRowsPerRequest: 100_000,
      maxInflightRows: 250_000,
      maxQueuedRows: 1_000_000,
      predictionLog: { enabled: false, sampleRate: 0.25, maxDays: 7, maxBytes: 100 * 1024 * 1024, flushIntervalMs: 50 },
    });
  });

  it('reports bad values with their line and keeps the defaults for them', () => {
    const { config, errors } = parseServingConfig('serving:\n  port: 99999\n  prediction_log:\n    sample_rate: 2\n    enabled: sometimes\n');
    assert.deepEqual(errors, [
      'mlops.yaml:2: serving.port must be an integer from 0 to 65535',
      'mlops.yaml:5: serving.prediction_log.enabled must be true or false',
      'mlops.yaml:4: serving.prediction_log.sample_rate must be a number from 0 to 1',
    ]);
    assert.equal(config.port, SERVING_DEFAULTS.port);
    assert.equal(config.predictionLog.sampleRate, 1);
    assert.deepEqual(parseServingConfig('serving: [1]\n').errors, ['mlops.yaml:1: serving must be a mapping (e.g. port: 5000)']);
  });
});
