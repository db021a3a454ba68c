import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLine, lastRunOf, paramsFromYaml, resolveParams, runParams, splitCommandLine } from '../../../src/extension/launch/param-sources';
import { aliasRefusalMessage } from '../../../src/extension/models/protected-alias';
import type { Run as WireRun } from '../../../src/shared/contract';

function run(name: string, tags: Record<string, string>, params: Record<string, string> = {}): WireRun {
  return {
    info: { run_id: `${name}-id`, run_name: name, experiment_id: '1', status: 'FINISHED', artifact_uri: '', lifecycle_stage: 'active' },
    data: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })), params: Object.entries(params).map(([key, value]) => ({ key, value })) },
  };
}

const train = ['node', 'train.js'];
const older = run('old', { 'mlops.command': JSON.stringify(train), 'mlops.params': JSON.stringify({ learning_rate: '0.1' }) });
const newest = run('new', { 'mlops.command': JSON.stringify(train), 'mlops.params': JSON.stringify({ learning_rate: '0.3', epochs: '5' }) });
const other = run('py', { 'mlops.command': JSON.stringify(['python', 'train.py']), 'mlops.params': JSON.stringify({ C: '1' }) });

describe('Run Experiment: where the form’s params come from', () => {
  it('takes the task’s params first, as strings', () => {
    const r = resolveParams({ task: { learning_rate: 0.5, epochs: 40, shuffle: true }, paramsYaml: 'lr: 1', lastRun: newest }, 'mlops: train');
    assert.equal(r.source, 'task');
    assert.deepEqual(r.params, [{ key: 'learning_rate', value: '0.5' }, { key: 'epochs', value: '40' }, { key: 'shuffle', value: 'true' }]);
    assert.match(r.note, /mlops: train/);
  });

  it('falls back to params.yaml when the task has none', () => {
    const r = resolveParams({ task: {}, paramsYaml: 'train:\n  lr: 0.01\n  layers: [64, 32]\nseed: 7\n', lastRun: newest });
    assert.equal(r.source, 'params.yaml');
    assert.deepEqual(r.params, [{ key: 'train.lr', value: '0.01' }, { key: 'train.layers', value: '[64,32]' }, { key: 'seed', value: '7' }]);
  });

  it('falls back to the last run of the same command when params.yaml is absent or empty', () => {
    const runs = [other, newest, older];
    const last = lastRunOf(runs, train);
    assert.equal(last?.info.run_name, 'new');
    const r = resolveParams({ paramsYaml: '# nothing yet\n', lastRun: last });
    assert.equal(r.source, 'last run');
    assert.deepEqual(r.params, [{ key: 'learning_rate', value: '0.3' }, { key: 'epochs', value: '5' }]);
    assert.equal(lastRunOf(runs, ['node', 'other.js']), undefined);
  });

  it('says so when there are no params anywhere', () => {
    const r = resolveParams({});
    assert.deepEqual([r.source, r.params], ['none', []]);
    assert.match(r.note, /add them below/);
  });

  it('reads the params a run was given with -p, else those it logged', () => {
    assert.deepEqual(runParams(older), [{ key: 'learning_rate', value: '0.1' }]);
    assert.deepEqual(runParams(run('script', {}, { alpha: '2' })), [{ key: 'alpha', value: '2' }]);
  });

  it('reports a params.yaml that is not YAML', () => {
    assert.throws(() => paramsFromYaml('a: [1, 2'), /params\.yaml is not valid YAML/);
  });
});

describe('Run Experiment: the command line as text', () => {
  it('splits on whitespace and keeps quoted arguments whole', () => {
    assert.deepEqual(splitCommandLine('python  train.py --name "my run" \'a b\' c\\ d ""'), ['python', 'train.py', '--name', 'my run', 'a b', 'c d', '']);
    assert.throws(() => splitCommandLine('python "train.py'), /unclosed "/);
  });

  it('joins arguments so that splitting gives them back', () => {
    for (const args of [train, ['python', 'my script.py', "it's", '', '--lr=0.1']]) assert.deepEqual(splitCommandLine(commandLine(args)), args);
    assert.equal(commandLine(train), 'node train.js');
  });
});

describe('the protected-alias refusal', () => {
  it('drops the CLI advice and says what to do in the editor', () => {
    const error = new Error('champion can only point at a version with a passing validation: version 1 has no validation; run mlops validate weather@1 --data FILE --label COLUMN --criteria "…" first');
    assert.equal(aliasRefusalMessage(error), 'champion can only point at a version with a passing validation: version 1 has no validation. Validate it on held-out data, then set the alias again.');
    assert.equal(aliasRefusalMessage(new Error('model not found')), undefined);
  });
});
