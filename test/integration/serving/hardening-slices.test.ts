import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { answerJson, requestOfCsv, requestOfJson, scanRows, ScoringSession } from '../../../src/core/models';
import type { ScoringInput } from '../../../src/core/models';
import { linearRegressionModel } from '../../../src/core/models';
import type { RawResponse } from '../../helpers/http';
import { classifier, csvOf, FEATURES, rowsOf, startTestServer } from './fixtures';
import type { TestServer } from './fixtures';

/** Rows enough for several slices (a slice holds at most 512 rows or 32 KiB). */
const ROWS = 5000;

describe('serving hardening: large requests are scored slice by slice', () => {
  const model = classifier(3);
  let server: TestServer;
  let session: ScoringSession;
  const rows = rowsOf(31, ROWS);

  before(async () => {
    server = await startTestServer(model.bytes, { sampleRate: 0 });
    session = await ScoringSession.create(model.bytes);
  });
  after(async () => {
    await server.shutdown();
    await session.release();
  });

  /** The answer the server would give the input scored whole. */
  async function whole(input: ScoringInput): Promise<string> {
    const prediction = await session.predict(input);
    return answerJson(prediction.outputs, prediction.rowCount, prediction.answer);
  }

  it('answers every JSON format with the same bytes as scoring the request whole', async () => {
    const records = rows.map((row) => Object.fromEntries(FEATURES.map((f, k) => [f, row[k]])));
    const bodies: unknown[] = [
      { dataframe_split: { columns: [...FEATURES, 'note'], data: rows.map((row, i) => [...row, `a "quoted", [bracketed] note ${i}\n`]) } },
      { dataframe_records: records, params: { threshold: 0.5 } },
      { instances: rows },
      { instances: records },
      { inputs: rows },
    ];
    for (const body of bodies) {
      assert.ok(slicesOf(JSON.stringify(body), 'json') > 2, 'the body is cut into slices');
      const res = await server.invoke(body);
      assert.equal(res.status, 200, res.text.slice(0, 300));
      assert.equal(res.text, await whole(requestOfJson(body).input), `same answer for ${Object.keys(body as object)[0]}`);
    }
  });

  it('answers CSV (quoted fields holding separators and line breaks) with the same bytes as scoring it whole', async () => {
    const text = csvOf([...FEATURES, 'note'], rows.map((row, i) => [...row, `"line one, ""quoted""\nline ${i}"`]));
    assert.ok(slicesOf(text, 'csv') > 2, 'the body is cut into slices');
    const res = await server.invoke(text, { 'content-type': 'text/csv' });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.text, await whole(requestOfCsv(text).input));
  });

  it('answers a single-output regression (one number per row, [N, 1] lists) with the same bytes as scoring it whole', async () => {
    const regression = linearRegressionModel({ weights: [0.5, -0.25, 1, 0, 0.1, 0.2, -0.3, 0.4], bias: 0.1, featureNames: FEATURES });
    const served = await startTestServer(regression, { sampleRate: 0 });
    const direct = await ScoringSession.create(regression);
    try {
      for (const body of [{ inputs: rows }, { dataframe_split: { columns: FEATURES, data: rows } }]) {
        const res = await served.invoke(body);
        assert.equal(res.status, 200, res.text.slice(0, 300));
        const prediction = await direct.predict(requestOfJson(body).input);
        assert.equal(res.text, answerJson(prediction.outputs, prediction.rowCount, prediction.answer));
      }
    } finally {
      await served.shutdown();
      await direct.release();
    }
  });

  it('names the row of a bad value in a later slice by its place in the whole request', async () => {
    const data = rows.map((row) => [...row]) as unknown[][];
    data[4321]![2] = 'twelve';
    const res = await server.invoke({ dataframe_split: { columns: FEATURES, data } });
    assert.equal(res.status, 400);
    assert.match((res.json() as { message: string }).message, /Column 'tenure' row 4321: "twelve" is not a number/);
    const ragged = rows.map((row) => [...row]) as unknown[][];
    ragged[3000] = ragged[3000]!.slice(1);
    const tensor = await server.invoke({ inputs: ragged });
    assert.equal(tensor.status, 400);
    assert.match((tensor.json() as { message: string }).message, /ragged/);
  });

  it('answers /ping while a large request is being scored', async () => {
    const big = Buffer.from(JSON.stringify({ dataframe_split: { columns: FEATURES, data: rowsOf(5, 100_000) } }));
    let bigAnswered = false;
    const answer = post(server.port, big).then((res) => {
      bigAnswered = true;
      return res;
    });
    // Scoring has started once its rows are in flight (they are admitted after the body is read).
    while (!bigAnswered && !/^mlops_serving_in_flight_rows [1-9]/m.test((await server.get('/metrics')).text));
    assert.equal(bigAnswered, false, 'the large request was answered before its scoring could be seen: make it larger');
    const ping = await server.get('/ping');
    assert.equal(ping.status, 200);
    assert.equal(bigAnswered, false, '/ping was answered only after the large request');
    assert.equal((await answer).status, 200);
  });
});

function slicesOf(text: string, type: 'json' | 'csv'): number {
  return (scanRows(Buffer.from(text), type, Infinity).slices?.bounds.length ?? 0) / 2;
}

function post(port: number, body: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
