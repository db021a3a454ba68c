import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { linearRegressionModel } from '../../../src/core/models';
import { assertClose } from '../onnx/reference';
import type { Classifier, RowPrediction, TestServer } from './fixtures';
import { classifier, csvOf, expected, FEATURES, predictionRows, rowsOf, startTestServer } from './fixtures';

function assertMatchesReference(model: Classifier, rows: number[][], actual: RowPrediction[], what: string): void {
  assert.equal(actual.length, rows.length, `${what}: one prediction per row`);
  rows.forEach((row, i) => {
    const want = expected(model, row);
    assertClose(actual[i]!.probabilities, want.probabilities, `${what} row ${i} probabilities`);
    if (Math.abs(want.probabilities[1]! - want.probabilities[0]!) > 1e-4) assert.equal(actual[i]!.label, want.label, `${what} row ${i} label`);
  });
}

const byColumn = (rows: number[][]) => Object.fromEntries(FEATURES.map((name, k) => [name, rows.map((row) => row[k])]));
const asRecord = (row: number[]) => Object.fromEntries(FEATURES.map((name, k) => [name, row[k]]));

describe('scoring server: MLflow input formats', () => {
  const model = classifier(1);
  const rows = rowsOf(2, 6);
  let server: TestServer;
  before(async () => (server = await startTestServer(model.bytes)));
  after(() => server.shutdown());

  const bodies: [string, unknown][] = [
    ['dataframe_split', { dataframe_split: { columns: FEATURES, data: rows } }],
    ['dataframe_split, columns shuffled, an extra column, an index', { dataframe_split: { index: rows.map((_, i) => i), columns: ['id', ...[...FEATURES].reverse()], data: rows.map((row, i) => [i, ...[...row].reverse()]) } }],
    ['dataframe_records', { dataframe_records: rows.map(asRecord) }],
    ['instances as rows', { instances: rows }],
    ['instances as records', { instances: rows.map(asRecord) }],
    ['inputs as one tensor', { inputs: rows }],
    ['inputs by input name', { inputs: { input: rows } }],
    ['inputs by column', { inputs: byColumn(rows) }],
    ['with params', { dataframe_split: { columns: FEATURES, data: rows }, params: { threshold: 0.5 } }],
  ];
  for (const [what, body] of bodies) {
    it(`${what}: the same predictions as the TypeScript reference`, async () => {
      const res = await server.invoke(body);
      assert.equal(res.status, 200, res.text);
      assertMatchesReference(model, rows, predictionRows(res.json()), what);
    });
  }

  it('text/csv (header row = column names, in any order, extra columns ignored): the same predictions', async () => {
    const columns = ['id', ...[...FEATURES].reverse()];
    const csv = csvOf(columns, rows.map((row, i) => [`"row ${i}, quoted"`, ...[...row].reverse()]));
    const res = await server.invoke(csv, { 'content-type': 'text/csv; charset=utf-8' });
    assert.equal(res.status, 200, res.text);
    assertMatchesReference(model, rows, predictionRows(res.json()), 'csv');
  });

  it('answers DataFrame input with records and tensor input with a dict of outputs, as MLflow’s ONNX flavour', async () => {
    const records = (await server.invoke({ dataframe_records: rows.slice(0, 2).map(asRecord) })).json() as { predictions: unknown[] };
    assert.deepEqual(Object.keys(records.predictions[0] as object), ['label', 'probabilities']);
    const tensors = (await server.invoke({ inputs: rows.slice(0, 2) })).json() as { predictions: { label: number[]; probabilities: number[][] } };
    assert.equal(tensors.predictions.label.length, 2);
    assert.equal(tensors.predictions.probabilities[0]!.length, 2);
  });

  it('accepts Content-Type with parameters in any case, and numeric strings', async () => {
    const body = { dataframe_split: { columns: FEATURES, data: rows.map((row) => row.map(String)) } };
    const res = await server.invoke(body, { 'content-type': 'Application/JSON; Charset="UTF-8"' });
    assert.equal(res.status, 200, res.text);
    assertMatchesReference(model, rows, predictionRows(res.json()), 'numeric strings');
  });

  it('a single-output regression answers one number per row for a DataFrame, [N, 1] lists for a tensor', async () => {
    const regression = await startTestServer(linearRegressionModel({ weights: [1, 2], bias: 0.5, featureNames: ['x', 'y'] }));
    try {
      const frame = await regression.invoke({ dataframe_split: { columns: ['x', 'y'], data: [[1, 1], [2, 0.25]] } });
      assert.deepEqual(frame.json(), { predictions: [{ variable: 3.5 }, { variable: 3 }] });
      const tensor = await regression.invoke({ inputs: [[1, 1], [2, 0.25]] });
      assert.deepEqual(tensor.json(), { predictions: { variable: [[3.5], [3]] } });
    } finally {
      await regression.shutdown();
    }
  });
});
