import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanRows, ScoringSession } from '../../../src/core/models';
import { Admission, PredictionLog, ScoringService, ServerBusyError } from '../../../src/core/models';
import type { ServingLimits, ServingResponse } from '../../../src/core/models';
import { parseServingConfig } from '../../../src/core/models';
import type { RunningScoringServer } from '../../../src/runtime/serving/scoring-server';
import { startScoringServer } from '../../../src/runtime/serving/scoring-server';
import { CLI } from '../../helpers/cli';
import { rawRequest } from '../../helpers/http';
import { tempDir } from '../../helpers/temp';
import { classifier, csvOf, FEATURES, rowsOf } from './fixtures';
import { readPredictionLog } from '../../../src/core/models';
import type { PredictionRecord } from '../../../src/core/models';

const model = classifier(2);
const LIMITS: ServingLimits = { maxRowsPerRequest: 1000, maxInflightRows: 2000, maxQueuedRows: 10_000, maxInflightBodyBytes: 64 << 20 };

interface LimitedServer {
  server: RunningScoringServer;
  service: ScoringService;
  logDir: string;
  invoke(body: string, type?: string, id?: string): Promise<{ status: number; text: string; headers: Record<string, unknown>; json(): unknown }>;
  records(): Promise<PredictionRecord[]>;
}

async function startLimited(limits: Partial<ServingLimits> = {}, maxBodyBytes = 32 << 20): Promise<LimitedServer> {
  const logDir = join(tempDir('mlops-serving-limits-'), 'predictions', 'model');
  const log = new PredictionLog({ dir: logDir, sampleRate: 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 50, maxPendingBytes: 64 << 20 });
  const service = new ScoringService({ session: await ScoringSession.create(model.bytes), model: { name: 'model', version: '1' }, serverVersion: 'test', log, limits: { ...LIMITS, ...limits } });
  const server = await startScoringServer(service, { host: '127.0.0.1', port: 0, maxBodyBytes, requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, idleTimeoutMs: 5_000, shutdownTimeoutMs: 10_000 });
  return {
    server,
    service,
    logDir,
    invoke: (body, type = 'application/json', id) =>
      rawRequest(server.port, { method: 'POST', path: '/invocations', headers: { 'content-type': type, ...(id && { 'x-request-id': id }) }, body }),
    records: async () => {
      const records: PredictionRecord[] = [];
      for await (const record of readPredictionLog(logDir)) records.push(record);
      return records;
    },
  };
}

const split = (rows: number[][]) => JSON.stringify({ dataframe_split: { columns: FEATURES, data: rows } });

describe('serving hardening: rows per request', () => {
  let limited: LimitedServer;
  before(async () => (limited = await startLimited()));
  after(() => limited.server.shutdown());

  it('413 naming the limit for more rows than max_rows_per_request, in every format; the limit itself is scored', async () => {
    const over = rowsOf(1, 1001);
    const records = over.map((row) => Object.fromEntries(FEATURES.map((f, k) => [f, row[k]])));
    const bodies: [string, string][] = [
      [split(over), 'application/json'],
      [JSON.stringify({ dataframe_records: records }), 'application/json'],
      [JSON.stringify({ instances: over }), 'application/json'],
      [JSON.stringify({ inputs: over }), 'application/json'],
      [JSON.stringify({ inputs: Object.fromEntries(FEATURES.map((f, k) => [f, over.map((row) => row[k])])) }), 'application/json'],
      [csvOf(FEATURES, over), 'text/csv'],
    ];
    for (const [body, type] of bodies) {
      const res = await limited.invoke(body, type);
      assert.equal(res.status, 413, `${body.slice(0, 40)}: ${res.text}`);
      const error = res.json() as { error_code: string; message: string };
      assert.equal(error.error_code, 'REQUEST_TOO_LARGE');
      assert.match(error.message, /more than 1000 rows, the limit per request \(serving\.max_rows_per_request/);
    }
    assert.equal((await limited.invoke(split(rowsOf(1, 1000)))).status, 200);
  });

  it('counts rows the scanner cannot see (a key spelled with escapes) once parsed, and refuses them too', async () => {
    const body = `{"dataframe_\\u0073plit": ${JSON.stringify({ columns: FEATURES, data: rowsOf(2, 1001) })}}`;
    const res = await limited.invoke(body);
    assert.equal(res.status, 413, res.text);
    assert.match(res.text, /more than 1000 rows/);
  });

  it('400, not a crash, for a body nested deeper than 400 levels', async () => {
    const res = await limited.invoke(`{"inputs": ${'['.repeat(5000)}1${']'.repeat(5000)}}`);
    assert.equal(res.status, 400);
    assert.match(res.text, /nests deeper than 400 levels/);
  });

  it('logs a failed request’s body cut to its first 4 KiB, with its size', async () => {
    const data = rowsOf(3, 900) as unknown[][];
    data[899]![0] = 'not a number';
    const bad = split(data as number[][]);
    const over = split(rowsOf(4, 5000));
    assert.equal((await limited.invoke(bad, 'application/json', 'bad-value')).status, 400);
    assert.equal((await limited.invoke(over, 'application/json', 'too-many')).status, 413);
    assert.equal((await limited.invoke('{"inputs": [1, 2', 'application/json', 'malformed')).status, 400);
    // The prediction log is written behind the answers: wait until the three records are there.
    const deadline = Date.now() + 15_000;
    let records = new Map((await limited.records()).map((r) => [r.request_id, r]));
    while (!['bad-value', 'too-many', 'malformed'].every((id) => records.has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      records = new Map((await limited.records()).map((r) => [r.request_id, r]));
    }
    for (const [id, body] of [['bad-value', bad], ['too-many', over], ['malformed', '{"inputs": [1, 2']] as const) {
      const record = records.get(id);
      assert.ok(record, `${id} is logged`);
      assert.equal(record.request, undefined, `${id}: no full request`);
      assert.equal(record.request_text, body.slice(0, 4096), `${id}: the body's first 4 KiB`);
      assert.equal(record.request_bytes, Buffer.byteLength(body), `${id}: the body's size`);
    }
  });
});

describe('serving hardening: bodies over the byte limit', () => {
  it('answers 413 to every one of 8 clients still sending a body over the limit, without a connection reset', async () => {
    const limited = await startLimited({}, 1 << 20);
    try {
      const body = split(rowsOf(7, 20_000));
      assert.ok(body.length > 2 << 20, `${body.length} bytes`);
      const answers = await Promise.all(Array.from({ length: 8 }, () => limited.invoke(body)));
      for (const res of answers) {
        assert.equal(res.status, 413);
        assert.match((res.json() as { message: string }).message, /over the limit of 1048576 bytes/);
      }
    } finally {
      await limited.server.shutdown();
    }
  });
});

describe('serving hardening: rows in flight', () => {
  it('admits weight up to its capacity, queues in order (small work that fits passes), refuses past the queue’s capacity, runs oversized work alone', async () => {
    const admission = new Admission(10, 10, (inFlight, queued) => `busy: ${inFlight} in flight, ${queued} waiting`);
    const order: string[] = [];
    const a = await admission.acquire(6);
    const b = admission.acquire(6).then((release) => (order.push('b'), release));
    const c = admission.acquire(4).then((release) => (order.push('c'), release));
    await assert.rejects(admission.acquire(1), (e: unknown) => e instanceof ServerBusyError && /busy: 6 in flight, 10 waiting/.test(e.message));
    assert.deepEqual([admission.weightInFlight, admission.weightQueued], [6, 10]);
    a();
    const releaseB = await b;
    const releaseC = await c;
    assert.deepEqual(order, ['b', 'c'], 'first come, first admitted');
    releaseB();
    releaseC();
    const wide = new Admission(1000, 1000, () => 'busy');
    const big = await wide.acquire(600);
    const waiting = wide.acquire(600);
    const small = wide.tryAcquire(10);
    assert.ok(small, 'a small request that fits passes the waiting large one');
    small();
    big();
    (await waiting)();
    const huge = await admission.acquire(50);
    assert.equal(admission.weightInFlight, 50, 'work heavier than the capacity runs alone');
    huge();
  });

  it('503 with Retry-After and MLflow error JSON once the rows waiting pass max_queued_rows; the others are scored', async () => {
    const logDir = join(tempDir('mlops-serving-busy-'), 'log');
    const limits = { ...LIMITS, maxInflightRows: 10, maxQueuedRows: 10 };
    const service = new ScoringService({ session: await ScoringSession.create(model.bytes), model: { name: 'model', version: '1' }, serverVersion: 'test', limits, log: new PredictionLog({ dir: logDir, sampleRate: 1, maxDays: 1, maxBytes: 1 << 20, flushIntervalMs: 50, maxPendingBytes: 1 << 20 }) });
    const body = Buffer.from(split(rowsOf(5, 10)));
    const invocation = (id: string) => ({ requestId: id, time: new Date().toISOString(), started: performance.now(), contentType: 'application/json', body });
    // invoke() takes its rows before its first await: the first is in flight, the second waits, the third finds the queue full.
    const answers: Promise<ServingResponse>[] = ['first', 'second', 'third'].map((id) => service.invoke(invocation(id)));
    const [first, second, third] = await Promise.all(answers);
    assert.equal(first!.status, 200);
    assert.equal(second!.status, 200);
    assert.equal(third!.status, 503);
    const error = JSON.parse(third!.body as string) as { error_code: string; message: string };
    assert.equal(error.error_code, 'TEMPORARILY_UNAVAILABLE');
    assert.match(error.message, /busy: 10 rows are being scored and 10 are waiting \(serving\.max_inflight_rows 10, serving\.max_queued_rows 10\)/);
    const headers = third!.headers ?? [];
    assert.equal(headers[headers.indexOf('retry-after') + 1], '1');
    await service.close();
  });
});

describe('serving hardening: settings', () => {
  it('reads max_rows_per_request, max_inflight_rows and max_queued_rows from mlops.yaml, and reports bad values', () => {
    const { config, errors } = parseServingConfig('serving:\n  max_rows_per_request: 5000\n  max_inflight_rows: 20000\n  max_queued_rows: 0\n');
    assert.deepEqual(errors, []);
    assert.deepEqual([config.maxRowsPerRequest, config.maxInflightRows, config.maxQueuedRows], [5000, 20000, 0]);
    const bad = parseServingConfig('serving:\n  max_rows_per_request: 0\n  max_inflight_rows: lots\n');
    assert.deepEqual(bad.errors, ['mlops.yaml:2: serving.max_rows_per_request must be an integer from 1 to 100000000', 'mlops.yaml:3: serving.max_inflight_rows must be an integer from 1 to 1000000000']);
    assert.equal(bad.config.maxRowsPerRequest, 100_000);
  });

  it('mlops serve --max-rows overrides mlops.yaml; the 413 names the limit in force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.onnx'), model.bytes);
    writeFileSync(join(dir, 'mlops.yaml'), 'serving:\n  max_rows_per_request: 7\n  prediction_log:\n    enabled: false\n');
    for (const [args, limit] of [[[], 7], [['--max-rows', '3'], 3]] as const) {
      const child = spawn(process.execPath, [CLI, 'serve', 'model.onnx', '--port', '0', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const port = await servingPort(child);
        const res = await rawRequest(port, { method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json' }, body: split(rowsOf(6, limit + 1)) });
        assert.equal(res.status, 413, res.text);
        assert.match(res.text, new RegExp(`more than ${limit} rows`));
        assert.equal((await rawRequest(port, { method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json' }, body: split(rowsOf(6, limit)) })).status, 200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  });

  it('counts rows without parsing: strings holding brackets, commas and quotes do not count', () => {
    const body = JSON.stringify({ params: { note: '[[1,2],[3]]' }, dataframe_split: { columns: ['a"b', '[c]'], data: [['x,]', '"['], ['}', '\\"]'], [null, 1]] } });
    assert.equal(scanRows(Buffer.from(body), 'json', 100).rows, 3);
    const csv = 'a,b\n"1,\n2",x\n\n"say ""hi""",y\r\nz,"w"\n';
    assert.equal(scanRows(Buffer.from(csv), 'csv', 100).rows, 3);
  });
});

function servingPort(child: ReturnType<typeof spawn>): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) resolve(Number(port));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`mlops serve exited with ${code}:\n${output}`)));
  });
}
