import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ValidationReport } from '../../../src/core/models';
import { ModelRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { workspacePaths } from '../../../src/core/workspace';
import { main } from '../../../src/cli/main';
import { tempDir } from '../../helpers/temp';
import { binaryRows, exactModel, shiftedModel, writeCsv, writeModel } from './fixtures';

/** Runs `mlops …` in this process, capturing what it prints. */
async function mlops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', ''];
  const code = await main(args, { out: (l) => (out += l + '\n'), err: (l) => (err += l + '\n') });
  return { code, out, err };
}

function withRegistry<T>(ws: string, fn: (registry: ModelRegistry) => T): T {
  const paths = workspacePaths(ws);
  const store = Store.open(paths.db);
  try {
    const tracking = new Tracking(store, Tracking.artifactRoot(paths.mlopsDir));
    return fn(new ModelRegistry(store, { tracking, storageRoot: ModelRegistry.storageRoot(paths.mlopsDir), workspaceRoot: ws }));
  } finally {
    store.close();
  }
}

describe('mlops validate', () => {
  const ws = tempDir();
  const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(500));
  const exact = writeModel(ws, 'exact.onnx', exactModel());
  const shifted = writeModel(ws, 'shifted.onnx', shiftedModel());

  it('a model file: prints the Markdown report, exit 0 when the criteria pass and 1 when not', async () => {
    const pass = await mlops('validate', exact, '--data', data, '--label', 'y', '--criteria', 'accuracy>=0.9', '--workspace', ws);
    assert.equal(pass.code, 0, pass.err);
    assert.match(pass.out, /## Validation of exact\.onnx: ✓ passed/);
    assert.match(pass.out, /test\.csv \(md5 [0-9a-f]{8}, 500 rows\), label column `y`, classification/);
    assert.match(pass.out, /\| ✓ \| accuracy>=0\.9 \| >= 0\.9 \| 0\.9 \|/);
    assert.match(pass.out, /### Confusion matrix/);
    const fail = await mlops('validate', exact, '--data', data, '--label', 'y', '--criteria', 'accuracy>=0.95', '--workspace', ws);
    assert.equal(fail.code, 1);
    assert.match(fail.out, /✗ failed/);
  });

  it('exit 2 on usage errors, naming what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['validate', exact, '--data', data], /needs one model, --data FILE and --label COLUMN/],
      [['validate', exact, '--data', data, '--label', 'y', '--criteria', 'acc>=0.9'], /--criteria: criterion "acc>=0.9": unknown metric "acc"/],
      [['validate', exact, '--data', data, '--label', 'y', '--criteria', 'rmse<1'], /--criteria: criterion "rmse<1" is for a regressor; this model is a classifier/],
      [['validate', exact, '--data', data, '--label', 'y', '--max-regression', '0.01'], /--max-regression applies to a comparison: give --baseline too/],
      [['validate', exact, '--data', data, '--label', 'y', '--baseline', 'champion'], /--baseline ALIAS needs a registry model/],
      [['validate', 'churn', '--data', data, '--label', 'y'], /"churn" names no model/],
    ];
    for (const [args, message] of cases) {
      const result = await mlops(...args, '--workspace', ws);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, message);
    }
    const missing = await mlops('validate', exact, '--data', join(ws, 'nope.csv'), '--label', 'y', '--workspace', ws);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.csv does not exist/);
  });

  it('a registry version: stores the report on it, writes report files, compares with an alias', async () => {
    assert.equal((await mlops('models', 'register', exact, '--name', 'churn', '--workspace', ws)).code, 0);
    assert.equal((await mlops('models', 'register', shifted, '--name', 'churn', '--workspace', ws)).code, 0);
    const reports = join(ws, 'reports');
    const first = await mlops('validate', 'churn@1', '--data', data, '--label', 'y', '--criteria', 'accuracy>=0.85', '--report-dir', reports, '--workspace', ws);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Stored the validation on churn v1\./);
    const stored = withRegistry(ws, (r) => r.getVersion('churn', 1).validation) as ValidationReport;
    assert.equal(stored.passed, true);
    assert.deepEqual(stored.model.name, 'churn');
    assert.equal(stored.data.path, 'test.csv');
    assert.deepEqual(JSON.parse(readFileSync(join(reports, 'churn-v1.validation.json'), 'utf8')), stored);
    assert.ok(existsSync(join(reports, 'churn-v1.validation.md')));

    withRegistry(ws, (r) => r.setAlias('churn', 'champion', 1));
    const second = await mlops('validate', 'churn@2', '--data', data, '--label', 'y', '--baseline', 'champion', '--max-regression', '0.01', '--workspace', ws);
    assert.equal(second.code, 1);
    assert.match(second.out, /\| metric \| value \| baseline: churn@champion \(v1\) \| change \|/);
    assert.match(second.out, /\| ✗ \| accuracy vs churn@champion \(v1\) \|/);
    assert.equal((withRegistry(ws, (r) => r.getVersion('churn', 2).validation) as ValidationReport).passed, false);

    const byAlias = await mlops('validate', 'churn@champion', '--data', data, '--label', 'y', '--workspace', ws);
    assert.equal(byAlias.code, 0);
    assert.match(byAlias.out, /Validation of churn@champion \(v1\)/);
    const unknown = await mlops('validate', 'churn@9', '--data', data, '--label', 'y', '--workspace', ws);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /not found/);
  });
});
