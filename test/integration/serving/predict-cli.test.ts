import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { assertClose, seededRandom } from '../onnx/reference';
import { classifier, expected, FEATURES } from './fixtures';

const ROWS = 100_000;

/** id, the features (4 decimals) and a text column, streamed to disk. */
async function writeCsv(path: string, rows: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  out.write(['id', ...FEATURES, 'note'].join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const line = `${i},${FEATURES.map(() => ((random() * 2 - 1) * 3).toFixed(4)).join(',')},"row ${i}, ok"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('mlops predict', () => {
  it('scores a 100,000-row CSV in batches with a 32 MB heap (the whole file would not fit), rows and values intact', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const model = classifier(1);
    writeFileSync(join(dir, 'model.onnx'), model.bytes);
    await writeCsv(join(dir, 'in.csv'), ROWS, 11);
    const result = await runCli(['predict', 'model.onnx', '--input', 'in.csv', '--output', 'out.csv', '--batch-size', '1024'], {
      cwd: dir,
      env: { NODE_OPTIONS: '--max-old-space-size=32' },
      timeoutMs: 110_000,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Predicted 100,000 rows in [\d.]+ s \([\d,]+ rows\/s\) → out\.csv/);
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, ROWS + 1);
    assert.equal(lines[0], ['id', ...FEATURES, 'note', 'label', 'probabilities_0', 'probabilities_1'].join(','));
    const inputs = readFileSync(join(dir, 'in.csv'), 'utf8').trimEnd().split('\n');
    for (const i of [0, 1023, 1024, 54_321, ROWS - 1]) {
      const cells = lines[i + 1]!.split(',');
      assert.equal(cells[0], String(i));
      const features = inputs[i + 1]!.split(',').slice(1, 1 + FEATURES.length).map(Number);
      assert.deepEqual(cells.slice(1, 1 + FEATURES.length).map(Number), features);
      assert.equal(lines[i + 1]!.includes(`"row ${i}, ok"`), true);
      const want = expected(model, features);
      assertClose(cells.slice(-2).map(Number), want.probabilities, `row ${i}`);
      assert.equal(Number(cells.at(-3)), want.label);
    }
    assert.equal(existsSync(join(dir, `out.csv.partial-${process.pid}`)), false);
  });

  it('JSONL in, JSONL out: each record with its predictions added', async () => {
    const dir = tempDir();
    const model = classifier(2);
    writeFileSync(join(dir, 'model.onnx'), model.bytes);
    const rows = [FEATURES.map((_, k) => k / 10), FEATURES.map((_, k) => -k)];
    writeFileSync(join(dir, 'in.jsonl'), rows.map((row, i) => JSON.stringify({ id: `r${i}`, ...Object.fromEntries(FEATURES.map((f, k) => [f, row[k]])) })).join('\n') + '\n');
    const result = await runCli(['predict', 'model.onnx', '--input', 'in.jsonl', '--output', 'out.jsonl'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 2);
    out.forEach((record, i) => {
      assert.equal(record.id, `r${i}`);
      assertClose(record.probabilities as number[], expected(model, rows[i]!).probabilities, `record ${i}`);
      assert.equal(typeof record.label, 'number');
    });
  });

  it('stops at a bad row, naming its column and row, and leaves no output behind', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.onnx'), classifier(1).bytes);
    const good = FEATURES.map(() => '1').join(',');
    const lines = [FEATURES.join(','), ...Array.from({ length: 2500 }, (_, i) => (i === 2100 ? good.replace(/^1/, 'abc') : good))];
    writeFileSync(join(dir, 'in.csv'), lines.join('\n') + '\n');
    const result = await runCli(['predict', 'model.onnx', '--input', 'in.csv', '--output', 'out.csv', '--batch-size', '1000'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Column 'age' row 2100: "abc" is not a number/);
    assert.equal(existsSync(join(dir, 'out.csv')), false);
    const missing = await runCli(['predict', 'model.onnx', '--input', 'in.csv', '--output', 'out.parquet'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /name a \.csv, \.tsv or \.jsonl file/);
  });
});
