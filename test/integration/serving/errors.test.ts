import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest } from '../../helpers/http';
import { until } from '../../helpers/until';
import type { TestServer } from './fixtures';
import { classifier, csvOf, FEATURES, predictionRows, rowsOf, startTestServer } from './fixtures';

interface ErrorBody {
  error_code: string;
  message: string;
}

describe('scoring server: refusals', () => {
  const model = classifier(1);
  const rows = rowsOf(3, 2);
  let server: TestServer;
  before(async () => (server = await startTestServer(model.bytes, { server: { maxBodyBytes: 4096 } })));
  after(() => server.shutdown());

  async function refused(body: unknown, status: number, code: string, message: RegExp, headers?: Record<string, string>): Promise<void> {
    const res = await server.invoke(body, headers);
    assert.equal(res.status, status, res.text);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const error = res.json() as ErrorBody;
    assert.equal(error.error_code, code);
    assert.match(error.message, message);
  }

  it('415 for a content type other than JSON or CSV, a charset other than UTF-8, or an unknown parameter', async () => {
    await refused('a,b\n1,2', 415, 'UNSUPPORTED_MEDIA_TYPE', /only supports the following content types.*Got 'text\/plain'/, { 'content-type': 'text/plain' });
    await refused({ inputs: rows }, 415, 'UNSUPPORTED_MEDIA_TYPE', /only supports UTF-8/, { 'content-type': 'application/json; charset=latin-1' });
    await refused({ inputs: rows }, 415, 'UNSUPPORTED_MEDIA_TYPE', /Unrecognized content type parameters: format/, { 'content-type': 'application/json; format=pandas-split' });
    const none = await rawRequest(server.port, { method: 'POST', path: '/invocations', body: JSON.stringify({ inputs: rows }) });
    assert.equal(none.status, 415);
  });

  it('400 BAD_REQUEST for malformed JSON, for no or several input fields, and for a list', async () => {
    await refused('{"inputs": [[1, 2,', 400, 'BAD_REQUEST', /^Invalid input\. Ensure that input is a valid JSON formatted string/);
    await refused({ inputs: rows, instances: rows }, 400, 'BAD_REQUEST', /exactly one of the input fields.*Received dictionary with input fields: \['inputs', 'instances'\]/);
    await refused({ data: rows }, 400, 'BAD_REQUEST', /exactly one of the input fields/);
    await refused([rows], 400, 'BAD_REQUEST', /Received a list/);
    await refused({ dataframe_split: { columns: FEATURES, data: [[1, 2]] } }, 400, 'BAD_REQUEST', /data\[0\] has 2 values for 8 columns/);
  });

  it('400 INVALID_PARAMETER_VALUE naming missing columns (extra ones are ignored)', async () => {
    const columns = ['extra', ...FEATURES.slice(2)];
    await refused({ dataframe_split: { columns, data: [[0, ...rows[0]!.slice(2)]] } }, 400, 'INVALID_PARAMETER_VALUE', /Model is missing inputs \['age', 'income'\]\. Note that there were extra inputs: \['extra'\]/);
    await refused(csvOf(FEATURES.slice(1), [rows[0]!.slice(1)]), 400, 'INVALID_PARAMETER_VALUE', /missing inputs \['age'\]/, { 'content-type': 'text/csv' });
  });

  it('400 naming the column and row of a value that is not a number', async () => {
    const data = rows.map((row) => [...row]) as unknown[][];
    data[1]![2] = 'twelve';
    await refused({ dataframe_split: { columns: FEATURES, data } }, 400, 'INVALID_PARAMETER_VALUE', /Column 'tenure' row 1: "twelve" is not a number/);
    await refused({ dataframe_records: [{ ...Object.fromEntries(FEATURES.map((f) => [f, 1])), visits: { n: 3 } }] }, 400, 'INVALID_PARAMETER_VALUE', /Column 'visits' row 0: \{"n":3\} is not a number/);
  });

  it('400 saying the expected and the received shape of a tensor', async () => {
    await refused({ inputs: [[1, 2, 3]] }, 400, 'INVALID_PARAMETER_VALUE', /expects shape \[N, 8\] \(rank 2\); got shape \[1, 3\] \(rank 2\)/);
    await refused({ inputs: rows[0] }, 400, 'INVALID_PARAMETER_VALUE', /expects shape \[N, 8\] \(rank 2\); got shape \[8\] \(rank 1\)/);
    await refused({ instances: [rows[0], rows[1]!.slice(1)] }, 400, 'INVALID_PARAMETER_VALUE', /ragged: \[1\] should be a list of 8 values/);
  });

  it('413 for a body over the limit, recorded in the prediction log', async () => {
    const big = { inputs: Array.from({ length: 100 }, () => rows[0]) };
    const res = await server.invoke(big, { 'x-request-id': 'too-big-1' });
    assert.equal(res.status, 413);
    assert.equal((res.json() as ErrorBody).error_code, 'REQUEST_TOO_LARGE');
    const record = await until('the refusal is in the prediction log', async () => (await server.records()).find((r) => r.request_id === 'too-big-1'));
    assert.equal(record?.status, 413);
    assert.equal(record?.error?.error_code, 'REQUEST_TOO_LARGE');
  });

  it('404 for an unknown path and 405 for a wrong method, as JSON', async () => {
    const missing = await server.get('/predict');
    assert.equal(missing.status, 404);
    assert.equal((missing.json() as ErrorBody).error_code, 'ENDPOINT_NOT_FOUND');
    const wrong = await server.get('/invocations');
    assert.equal(wrong.status, 405);
  });

  it('refuses browser cross-origin requests and foreign Host headers (DNS rebinding)', async () => {
    const host = await server.get('/ping', { host: 'evil.example:80' });
    assert.equal(host.status, 403);
    const origin = await server.invoke({ inputs: rows }, { origin: 'https://evil.example' });
    assert.equal(origin.status, 403);
  });
});

describe('scoring server: missing values', () => {
  const model = classifier(1);
  const rows = rowsOf(4, 3);
  let server: TestServer;
  before(async () => (server = await startTestServer(model.bytes)));
  after(() => server.shutdown());

  const nanRow = (value: unknown) => [value, ...rows[0]!.slice(1)];

  it('null, "NaN", bare NaN (Python json.dumps), an empty CSV field and NA are NaN: the row scores NaN (null), the others are unaffected', async () => {
    const answers = [
      await server.invoke({ dataframe_split: { columns: FEATURES, data: [nanRow(null), rows[1]] } }),
      await server.invoke({ inputs: [nanRow('NaN'), rows[1]] }),
      await server.invoke(`{"instances": [[NaN, ${rows[0]!.slice(1).join(', ')}], [${rows[1]!.join(', ')}]]}`),
      await server.invoke(csvOf(FEATURES, [nanRow(''), rows[1]!]), { 'content-type': 'text/csv' }),
      await server.invoke(csvOf(FEATURES, [nanRow('NA'), rows[1]!]), { 'content-type': 'text/csv' }),
    ];
    const reference = predictionRows((await server.invoke({ inputs: [rows[1]] })).json())[0]!;
    for (const res of answers) {
      assert.equal(res.status, 200, res.text);
      const [nan, fine] = predictionRows(res.json());
      assert.deepEqual(nan!.probabilities, [null, null]);
      assert.deepEqual(fine, reference);
    }
  });

  it('a row missing a column in dataframe_records is NaN there; Infinity strings are accepted', async () => {
    const record = Object.fromEntries(FEATURES.map((f, k) => [f, rows[2]![k]]));
    delete record.income;
    const res = await server.invoke({ dataframe_records: [record, { ...record, income: 'Infinity' }, { ...record, income: '-inf' }] });
    assert.equal(res.status, 200, res.text);
    const [missing, plus, minus] = predictionRows(res.json());
    assert.deepEqual(missing!.probabilities, [null, null]);
    assert.ok(plus!.probabilities.every((p) => p === 0 || p === 1 || p === null));
    assert.ok(minus!.probabilities.every((p) => p === 0 || p === 1 || p === null));
  });
});
