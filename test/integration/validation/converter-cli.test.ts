import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { ModelRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { workspacePaths } from '../../../src/core/workspace';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import { softmaxPairModel } from '../../unit/onnx/converter-models';
import { binaryRows, writeCsv, writeModel } from './fixtures';

async function mlops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', ''];
  const code = await main(args, { out: (l) => (out += l + '\n'), err: (l) => (err += l + '\n') });
  return { code, out, err };
}

function versionTags(ws: string, name: string, version: number): Record<string, string> {
  const paths = workspacePaths(ws);
  const store = Store.open(paths.db);
  try {
    const registry = new ModelRegistry(store, { tracking: new Tracking(store, Tracking.artifactRoot(paths.mlopsDir)), storageRoot: ModelRegistry.storageRoot(paths.mlopsDir), workspaceRoot: ws });
    return Object.fromEntries(registry.getVersion(name, version).tags.map((t) => [t.key, t.value]));
  } finally {
    store.close();
  }
}

/** Registers `model`, validates it without flags (refused: the task is open), with flags (remembered), then without again. */
async function validateTwice(ws: string, model: string, name: string, data: string, classes: string): Promise<void> {
  assert.equal((await mlops('models', 'register', model, '--name', name, '--workspace', ws)).code, 0);
  const asked = await mlops('validate', `${name}@1`, '--data', data, '--label', 'y', '--workspace', ws);
  assert.equal(asked.code, 1);
  assert.match(asked.err, /could hold the scores of 2 classes .*--task classification \[--classes a,b,…\]/);
  const told = await mlops('validate', `${name}@1`, '--data', data, '--label', 'y', '--criteria', 'accuracy>=0.85', '--task', 'classification', '--classes', classes, '--workspace', ws);
  assert.equal(told.code, 0, told.err);
  assert.match(told.out, /accuracy>=0\.85 \| >= 0\.85 \| 0\.9 \|/);
  assert.match(told.out, new RegExp(`Remembered mlops\\.task=classification, mlops\\.classes=${classes} on ${name} v1`));
  assert.deepEqual(versionTags(ws, name, 1), { 'mlops.task': 'classification', 'mlops.classes': classes });
  const again = await mlops('validate', `${name}@1`, '--data', data, '--label', 'y', '--criteria', 'accuracy>=0.85', '--workspace', ws);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /classification/);
  assert.doesNotMatch(again.out, /Remembered/);
}

describe('mlops validate/predict --task --classes', () => {
  it('a [N, 2] probability output: asked for, then remembered on the version for validate and predict', async () => {
    const ws = tempDir();
    const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(300));
    await validateTwice(ws, writeModel(ws, 'net.onnx', softmaxPairModel()), 'net', data, '0,1');
    const features = writeCsv(join(ws, 'features.csv'), ['x0', 'x1'], binaryRows(5));
    const predicted = await mlops('predict', 'net@1', '--input', features, '--output', join(ws, 'out.csv'), '--workspace', ws);
    assert.equal(predicted.code, 0, predicted.err);
    assert.match(readFileSync(join(ws, 'out.csv'), 'utf8').split('\n')[0]!, /,label,probabilities_0,probabilities_1$/);
  });

  it('the runtime says when a version\'s task is open and remembers the answer (the VS Code prompt\'s route)', async () => {
    const rt = await startTestRuntime();
    try {
      const ws = rt.workspace;
      const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(100).map((r) => ({ ...r, y: r.y === 1 ? 'pos' : 'neg' })));
      assert.equal((await mlops('models', 'register', writeModel(ws, 'net.onnx', softmaxPairModel()), '--name', 'net', '--workspace', ws)).code, 0);
      const open = await rt.call('GET', '/api/models/task', { name: 'net', version: '1' });
      assert.equal(open.status, 200);
      assert.equal(open.json.task, null);
      assert.match(String(open.json.reason), /could hold the scores of 2 classes/);
      assert.equal((await rt.call('POST', '/api/models/task', { name: 'net', version: '1', task: 'sorting' })).status, 400);
      assert.equal((await rt.call('POST', '/api/models/task', { name: 'net', version: '1', task: 'classification', classes: 'neg,pos' })).status, 200);
      assert.equal((await rt.call('GET', '/api/models/task', { name: 'net', version: '1' })).json.task, 'classification');
      const validated = await mlops('validate', 'net@1', '--data', data, '--label', 'y', '--workspace', ws);
      assert.equal(validated.code, 0, validated.err);
      assert.match(validated.out, /classification/);
      assert.equal((await rt.call('GET', '/api/models/task', { name: 'nope', version: '1' })).status, 404);
    } finally {
      await rt.stop();
    }
  });

  it('usage errors: a bad task, one class, classes with regression', async () => {
    const ws = tempDir();
    const model = writeModel(ws, 'net.onnx', softmaxPairModel());
    const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(20));
    for (const [flags, message] of [
      [['--task', 'ranking'], /--task: the task must be "classification" or "regression"/],
      [['--classes', 'a'], /--classes: give at least two classes/],
      [['--task', 'regression', '--classes', 'a,b'], /does not go with --task regression/],
    ] as const) {
      const result = await mlops('validate', model, '--data', data, '--label', 'y', ...flags, '--workspace', ws);
      assert.equal(result.code, 2, flags.join(' '));
      assert.match(result.err, message);
    }
  });

  it('a real torch.onnx.export classifier (python3-torch, python3-onnx)', async (t) => {
    const env = { ...process.env, PYTHONPATH: ['/usr/lib/python3/dist-packages', process.env.PYTHONPATH].filter(Boolean).join(':') };
    const probe = spawnSync('python3', ['-c', 'import torch, onnx'], { env, encoding: 'utf8' });
    if (probe.status !== 0) {
      console.warn('\n*** SKIPPED: the torch.onnx export test needs python3 with torch and onnx (apt-get install python3-torch python3-onnx) ***\n');
      t.skip('python3 cannot import torch and onnx');
      return;
    }
    const ws = tempDir();
    const script = join(ws, 'export.py');
    // p(pos) = sigmoid(x0 − x1): the model binaryRows labels, as a Linear + Softmax network.
    writeFileSync(
      script,
      [
        'import sys, torch, onnx',
        'net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softmax(dim=1))',
        'with torch.no_grad():',
        '    net[0].weight.copy_(torch.tensor([[0.0, 0.0], [1.0, -1.0]]))',
        '    net[0].bias.zero_()',
        'torch.onnx.export(net, torch.zeros(1, 2), sys.argv[1], input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)',
        'onnx.checker.check_model(onnx.load(sys.argv[1]))',
      ].join('\n'),
    );
    const model = join(ws, 'torch-net.onnx');
    const exported = spawnSync('python3', [script, model], { env, encoding: 'utf8' });
    assert.equal(exported.status, 0, exported.stderr);
    const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(300).map((r) => ({ ...r, y: r.y === 1 ? 'pos' : 'neg' })));
    await validateTwice(ws, model, 'torchnet', data, 'neg,pos');
  });

  it('a real skl2onnx export (python3-sklearn + skl2onnx)', (t) => {
    const env = { ...process.env, PYTHONPATH: ['/usr/lib/python3/dist-packages', process.env.PYTHONPATH].filter(Boolean).join(':') };
    if (spawnSync('python3', ['-c', 'import sklearn, skl2onnx'], { env }).status !== 0) {
      console.warn('\n*** SKIPPED: the skl2onnx export test needs python3 with scikit-learn and skl2onnx (skl2onnx is not packaged by Debian) ***\n');
      t.skip('python3 cannot import sklearn and skl2onnx');
    }
  });
});
