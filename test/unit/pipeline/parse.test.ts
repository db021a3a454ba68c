import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { buildDag, loadPipeline } from '../../../src/core/pipeline';
import type { Stage } from '../../../src/core/pipeline';
import { tempDir } from '../../helpers/temp';

function workspace(files: Record<string, string>): string {
  const ws = tempDir('mlops-pipeline-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  return ws;
}

const stagesOf = (files: Record<string, string>): Map<string, Stage> => new Map(loadPipeline(workspace(files)).stages.map((s) => [s.id, s]));

describe('dvc.yaml parsing', () => {
  it('reads every stage key DVC 3 writes', () => {
    const stages = stagesOf({
      'dvc.yaml': `stages:
  train:
    desc: Train it
    cmd:
    - python prep.py
    - python train.py
    wdir: src
    deps:
    - ../data/in.csv
    params:
    - lr
    - ../conf.yaml:
      - a.b
    - ../all.json:
    outs:
    - ../model.pkl:
        cache: false
        persist: true
        push: false
    metrics:
    - ../metrics.json:
        cache: false
    plots:
    - ../plots/loss.csv
    frozen: true
    always_changed: true
plots:
- loss:
    x: step
`,
    });
    const train = stages.get('train')!;
    assert.deepEqual(train.cmd, ['python prep.py', 'python train.py']);
    assert.equal(train.wdir, 'src');
    assert.deepEqual(train.deps.map((d) => d.key), ['data/in.csv']);
    assert.deepEqual(train.params.map((p) => [p.path, p.key, p.keys]), [['params.yaml', 'src/params.yaml', ['lr']], ['../conf.yaml', 'conf.yaml', ['a.b']], ['../all.json', 'all.json', undefined]]);
    assert.deepEqual(train.outs.map((o) => [o.key, o.kind, o.cache, o.persist, o.push]), [['model.pkl', 'outs', false, true, false], ['metrics.json', 'metrics', false, false, true], ['plots/loss.csv', 'plots', true, false, true]]);
    assert.equal(train.frozen, true);
    assert.equal(train.alwaysChanged, true);
    assert.equal(train.desc, 'Train it');
    assert.deepEqual(loadPipeline(workspace({ 'dvc.yaml': 'stages: {}\nplots:\n- a.csv\n' })).plots, { 'dvc.yaml': ['a.csv'] });
  });

  it('interpolates vars, params.yaml and files as DVC documents it', () => {
    const stages = stagesOf({
      'params.yaml': 'train:\n  epochs: 10\n  lr: 0.001\n  layers: [1, 2]\n  cuda: true\nmodel: cnn\n',
      'custom_params.yaml': 'threshold: 0.5\nseed: 7\n',
      'dvc.yaml': `vars:
  - custom_params.yaml:seed
  - models:
      us:
        threshold: 10
  - desc: 'Reusable description'
stages:
  build-us:
    desc: \${desc}
    cmd: python train.py \${models.us.threshold} \${model} --seed=\${seed}
    outs:
    - \${model}.pkl
  fit:
    vars:
    - extra: x
    cmd: python fit.py \${train} \${extra} \\\${literal}
`,
    });
    const build = stages.get('build-us')!;
    assert.equal(build.desc, 'Reusable description');
    assert.equal(build.cmd, 'python train.py 10 cnn --seed=7');
    assert.equal(build.outs[0]!.key, 'cnn.pkl');
    assert.equal(stages.get('fit')!.cmd, 'python fit.py --epochs 10 --lr 0.001 --layers 1 2 --cuda x ${literal}');
  });

  it('expands foreach over a list, a list of mappings and a mapping (stage@key)', () => {
    const stages = stagesOf({
      'params.yaml': 'models:\n- {name: a, epochs: 1}\n- {name: b, epochs: 2}\n',
      'dvc.yaml': `stages:
  cleanups:
    foreach:
      - raw1
      - labels1
    do:
      cmd: clean.py "\${item}"
      outs:
        - \${item}.cln
  build:
    foreach:
      uk:
        epochs: 3
        thresh: 10
      us:
        epochs: 10
        thresh: 15
    do:
      cmd: python train.py '\${key}' \${item.epochs} \${item.thresh}
      outs:
        - model-\${key}.hdfs
  models:
    foreach: \${models}
    do:
      cmd: python m.py \${item.name} \${item.epochs}
`,
    });
    assert.deepEqual([...stages.keys()], ['cleanups@raw1', 'cleanups@labels1', 'build@uk', 'build@us', 'models@0', 'models@1']);
    assert.equal(stages.get('cleanups@labels1')!.cmd, 'clean.py "labels1"');
    assert.equal(stages.get('cleanups@labels1')!.outs[0]!.key, 'labels1.cln');
    assert.equal(stages.get('build@us')!.cmd, "python train.py 'us' 10 15");
    assert.equal(stages.get('models@1')!.cmd, 'python m.py b 2');
  });

  it('expands matrix into every combination, named by values (or key+index for mappings)', () => {
    const stages = stagesOf({
      'dvc.yaml': `stages:
  train:
    matrix:
      model: [cnn, xgb]
      feature: [feature1, feature2]
      config: [{lr: 1}]
    cmd: ./train.py --feature \${item.feature} \${item.model} \${item.config.lr} \${key}
    outs:
    - \${item.model}-\${item.feature}.pkl
`,
    });
    assert.deepEqual([...stages.keys()], ['train@cnn-feature1-config0', 'train@cnn-feature2-config0', 'train@xgb-feature1-config0', 'train@xgb-feature2-config0']);
    assert.equal(stages.get('train@xgb-feature2-config0')!.cmd, './train.py --feature feature2 xgb 1 xgb-feature2-config0');
  });

  it('reads dvc.yaml files in subfolders, their paths and params relative to them', () => {
    const stages = stagesOf({
      'dvc.yaml': 'stages:\n  a:\n    cmd: echo a\n    outs: [sub/in.txt]\n',
      'sub/params.yaml': 'n: 3\n',
      'sub/dvc.yaml': 'stages:\n  b:\n    cmd: echo ${n}\n    deps: [in.txt]\n    params: [n]\n',
    });
    const b = stages.get('sub/dvc.yaml:b')!;
    assert.equal(b.cmd, 'echo 3');
    assert.equal(b.deps[0]!.key, 'sub/in.txt');
    assert.equal(b.params[0]!.key, 'sub/params.yaml');
    const dag = buildDag([...stages.values()]);
    assert.deepEqual([...dag.upstream.get('sub/dvc.yaml:b')!], ['a']);
  });

  it('points errors at the line', () => {
    const throwsAt = (yaml: string, pattern: RegExp, files: Record<string, string> = {}): void => {
      assert.throws(() => loadPipeline(workspace({ 'dvc.yaml': yaml, ...files })), pattern);
    };
    throwsAt('stages:\n  a:\n    cmd: x\n    bogus: 1\n', /dvc\.yaml:4: stage 'a': unknown key 'bogus'/);
    throwsAt('stages:\n  a:\n    cmd: [x\n', /dvc\.yaml:\d+: /);
    throwsAt('stages:\n  a:\n    deps: [x]\n', /dvc\.yaml:2: stage 'a': `cmd` must be/);
    throwsAt('stages:\n  a:\n    cmd: echo\n  b:\n    cmd: echo ${missing.key}\n', /dvc\.yaml:4: stage 'b': Could not find 'missing\.key'/);
    throwsAt('stages:\n  a:\n    cmd: echo\n    outs:\n    - ../../etc/x\n', /dvc\.yaml:5.*outside/);
    throwsAt('vars:\n- nothere.yaml\nstages: {}\n', /dvc\.yaml:2: nothere\.yaml does not exist/);
  });
});

describe('the stage graph', () => {
  const dagOf = (yaml: string) => buildDag(loadPipeline(workspace({ 'dvc.yaml': yaml })).stages);

  it('links an output to the deps it is, holds or lies in, and orders stages after their upstream', () => {
    const dag = dagOf(`stages:
  train:
    cmd: t
    deps: [data/features/train.pkl]
    outs: [model.pkl]
  featurize:
    cmd: f
    deps: [data/prepared]
    outs: [data/features]
  prepare:
    cmd: p
    outs: [data/prepared/train.tsv]
`);
    assert.deepEqual(dag.order, ['prepare', 'featurize', 'train']);
  });

  it('refuses two stages writing one output, an output inside another, and cycles, naming stages and lines', () => {
    assert.throws(() => dagOf('stages:\n  a:\n    cmd: x\n    outs: [o]\n  b:\n    cmd: y\n    outs:\n    - o\n'), /output 'o' is specified in two stages: 'a' \(dvc\.yaml:4\) and 'b' \(dvc\.yaml:8\)/);
    assert.throws(() => dagOf('stages:\n  a:\n    cmd: x\n    outs: [d]\n  b:\n    cmd: y\n    outs: [d/f]\n'), /output 'd\/f' of stage 'b' \(dvc\.yaml:7\) is inside output 'd' of stage 'a' \(dvc\.yaml:4\)/);
    assert.throws(() => dagOf('stages:\n  a:\n    cmd: x\n    deps: [q]\n    outs: [p]\n  b:\n    cmd: y\n    deps: [p]\n    outs: [q]\n'), /cycle: 'a' \(dvc\.yaml:2\) → 'b' \(dvc\.yaml:6\) → 'a'/);
  });
});
