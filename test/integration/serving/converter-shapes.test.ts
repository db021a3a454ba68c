import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TaskHint } from '../../../src/core/models';
import type { ScoringInput } from '../../../src/core/models';
import { ScoringSession, answerJson, predictFile } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { columnsModel, scoresModel, sigmoidModel, softmaxPairModel, zipMapModel } from '../../unit/onnx/converter-models';
import { writeCsv } from '../validation/fixtures';

const records = (rows: Record<string, unknown>[]): ScoringInput => ({ kind: 'frame', frame: { kind: 'records', records: rows } });

async function answer(bytes: Uint8Array, input: ScoringInput, hint?: TaskHint) {
  const session = await ScoringSession.create(bytes, hint ? { hint } : {});
  try {
    const prediction = await session.predict(input);
    return JSON.parse(answerJson(prediction.outputs, prediction.rowCount, prediction.answer)).predictions;
  } finally {
    await session.release();
  }
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-5, `${actual} ≠ ${expected}`);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('serving converter-shaped models', () => {
  it('[N, 2] softmax: the raw output as MLflow answers it, plus label and probabilities once the task is known', async () => {
    const rows = records([{ x0: 2, x1: 1 }, { x0: -1, x1: 1 }]);
    const raw = await answer(softmaxPairModel(), rows);
    assert.deepEqual(Object.keys(raw[0]), ['output']);
    const told = await answer(softmaxPairModel(), rows, { task: 'classification', classes: ['neg', 'pos'] });
    assert.deepEqual(Object.keys(told[0]), ['output', 'label', 'probabilities']);
    assert.deepEqual(told.map((r: { label: string }) => r.label), ['pos', 'neg']);
    close(told[0].probabilities[1], sigmoid(1));
    const metadata = await answer(softmaxPairModel({ task: 'classification' }), rows);
    assert.deepEqual(metadata.map((r: { label: number }) => r.label), [1, 0]);
  });

  it('[N, 3] logits are softmaxed; [N, 1] sigmoid scores give two columns; tensors answers too', async () => {
    const logits = scoresModel({ weights: [1, 0, 0, 0, 1, 0, 0, 0, 1], features: 3, classes: 3, softmax: false });
    const [row] = await answer(logits, records([{ x0: 1, x1: 3, x2: 2 }]), { task: 'classification', classes: ['a', 'b', 'c'] });
    assert.equal(row.label, 'b');
    const e = [1, 3, 2].map(Math.exp);
    const sum = e.reduce((a, b) => a + b);
    e.forEach((v, k) => close(row.probabilities[k], v / sum));
    const scores = await answer(sigmoidModel(), { kind: 'tensor', value: [[3, 1], [0, 1]] }, { task: 'classification' });
    assert.deepEqual(scores.label, [1, 0]);
    close(scores.probabilities[0][1], sigmoid(2));
    close(scores.probabilities[1][0], 1 - sigmoid(-1));
  });

  it('ZipMap: output_label and output_probability as one class → probability map per row (ints and strings)', async () => {
    const ints = await answer(zipMapModel(), records([{ x0: 5, x1: 1, x2: 0 }, { x0: 0, x1: 0, x2: 1 }]));
    assert.deepEqual(Object.keys(ints[0]), ['output_label', 'output_probability']);
    assert.deepEqual(ints.map((r: { output_label: number }) => r.output_label), [4, 6]);
    assert.deepEqual(Object.keys(ints[0].output_probability), ['4', '5', '6']);
    close(ints[0].output_probability['4'] + ints[0].output_probability['5'] + ints[0].output_probability['6'], 1);
    const names = await answer(zipMapModel({ strings: ['a', 'b', 'c'] }), { kind: 'named', values: { float_input: [[0, 3, 1]] } });
    assert.deepEqual(names.output_label, ['b']);
    assert.deepEqual(Object.keys(names.output_probability[0]), ['a', 'b', 'c']);
  });

  it('several named inputs with a string column and string labels, from records and from CSV', async () => {
    const rows = await answer(columnsModel(), records([{ age: 35, visits: 2, city: 'paris' }, { age: 35, visits: 2, city: 'rome' }]));
    assert.deepEqual(rows.map((r: { output_label: string }) => r.output_label), ['yes', 'no']);
    close(rows[0].output_probability.yes, sigmoid(5));
  });

  it('mlops predict writes label and probability columns', async () => {
    const dir = tempDir();
    const input = writeCsv(join(dir, 'in.csv'), ['age', 'visits', 'city'], [{ age: 50, visits: 1, city: 'oslo' }, { age: 20, visits: 1, city: 'paris' }]);
    const session = await ScoringSession.create(columnsModel());
    await predictFile({ session, input, output: join(dir, 'out.csv') });
    await predictFile({ session, input, output: join(dir, 'out.jsonl') });
    await session.release();
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'age,visits,city,output_label,output_probability_no,output_probability_yes');
    assert.match(lines[1]!, /^50,1,oslo,yes,0\.0000\d+,0\.9999\d+$/);
    assert.match(lines[2]!, /^20,1,paris,no,/);
    const json = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(json[0].output_label, 'yes');
    assert.deepEqual(Object.keys(json[0].output_probability), ['no', 'yes']);

    const sessionScores = await ScoringSession.create(softmaxPairModel(), { hint: { task: 'classification' } });
    const binary = writeCsv(join(dir, 'pairs.csv'), ['x0', 'x1'], [{ x0: 1, x1: 0 }]);
    await predictFile({ session: sessionScores, input: binary, output: join(dir, 'pairs.csv.out.csv') });
    await sessionScores.release();
    const [header, first] = readFileSync(join(dir, 'pairs.csv.out.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'x0,x1,output_0,output_1,label,probabilities_0,probabilities_1');
    assert.match(first!, /^1,0,[\d.]+,[\d.]+,1,/);
  });
});
