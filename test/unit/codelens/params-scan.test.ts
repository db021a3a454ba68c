import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PARAMS_FILE, findJsonParams, findYamlParams, paramsFormatOf } from '../../../src/extension/codelens/params-scan';

function lines(text: string, sites: { key: string; offset: number }[]): [string, number][] {
  return sites.map((s) => [s.key, text.slice(0, s.offset).split('\n').length - 1]);
}

describe('params in YAML', () => {
  it('names nested keys with dots and reports only keys that hold values', () => {
    const text = ['seed: 42', 'train:', '  lr: 0.01   # tuned', '  epochs: 20', '  optimizer:', '    name: adam', '    beta1: 0.9', 'data:', '  split: 0.8', ''].join('\n');
    assert.deepEqual(lines(text, findYamlParams(text)), [
      ['seed', 0],
      ['train.lr', 2],
      ['train.epochs', 3],
      ['train.optimizer.name', 5],
      ['train.optimizer.beta1', 6],
      ['data.split', 8],
    ]);
  });

  it('puts the lens offset on the key itself', () => {
    const text = 'train:\n    lr: 0.1\n';
    const [site] = findYamlParams(text);
    assert.equal(text.slice(site!.offset, site!.offset + 3), 'lr:');
    assert.equal(site!.leaf, 'lr');
  });

  it('skips comments, block scalars, list items, merge keys and flow values; reads quoted keys', () => {
    const text = [
      '# top comment',
      'notes: |',
      '  fake: 1',
      '  other: 2',
      'layers:',
      '  - units: 64',
      '    act: relu',
      '  - 32',
      'tags: [a, b]',
      '"quoted key": 1',
      "'single': x",
      'defaults: &d',
      '  <<: *base',
      '  batch: 32',
      'url: http://example.com:8080',
      '---',
      'second: 1',
    ].join('\r\n');
    assert.deepEqual(
      findYamlParams(text).map((s) => s.key),
      ['notes', 'layers', 'tags', 'quoted key', 'single', 'defaults.batch', 'url', 'second'],
    );
  });

  it('reads a list at the same indent as its key and then the next key', () => {
    const text = 'features:\n- temp\n- wind\nmodel: tree\n';
    assert.deepEqual(findYamlParams(text).map((s) => s.key), ['features', 'model']);
  });
});

describe('params in JSON', () => {
  it('names nested keys with dots, skipping keys inside arrays', () => {
    const text = '{\n  "seed": 1,\n  "train": {\n    "lr": 0.01,\n    "layers": [{"units": 64}, 32],\n    "opt": {"name": "adam"}\n  },\n  "note": "a \\"quoted\\" value: yes"\n}\n';
    assert.deepEqual(lines(text, findJsonParams(text)), [
      ['seed', 1],
      ['train.lr', 3],
      ['train.layers', 4],
      ['train.opt.name', 5],
      ['note', 7],
    ]);
  });

  it('tolerates comments (JSONC) and ignores a top-level array', () => {
    assert.deepEqual(findJsonParams('{\n  // lr\n  "lr": 0.1 /* x */, "e": 2\n}').map((s) => s.key), ['lr', 'e']);
    assert.deepEqual(findJsonParams('[{"a": 1}]'), []);
  });
});

describe('which files are params files', () => {
  it('knows params.yaml / .yml / .json, and YAML or JSON files that are not configuration', () => {
    for (const p of ['/w/params.yaml', '/w/sub/params.yml', 'C:\\w\\params.json']) assert.ok(PARAMS_FILE.test(p), p);
    assert.ok(!PARAMS_FILE.test('/w/myparams.yaml'));
    assert.equal(paramsFormatOf('/w/conf/train.yaml'), 'yaml');
    assert.equal(paramsFormatOf('/w/conf/hp.json'), 'json');
    for (const p of ['/w/package.json', '/w/tsconfig.base.json', '/w/mlops.yaml', '/w/.vscode/settings.json', '/w/dvc.lock', '/w/train.py']) assert.equal(paramsFormatOf(p), undefined, p);
  });
});
