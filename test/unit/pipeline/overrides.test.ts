import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyOverrides, parseOverride, readMetricsFile, stageParams } from '../../../src/core/pipeline';
import { tempDir } from '../../helpers/temp';

describe('exp run overrides', () => {
  it('reads [file:]key=value with the value as YAML', () => {
    assert.deepEqual(parseOverride('train.lr=0.5'), { file: 'params.yaml', key: 'train.lr', value: 0.5, text: '0.5' });
    assert.deepEqual(parseOverride('conf/p.json:a=[1, 2]'), { file: 'conf/p.json', key: 'a', value: [1, 2], text: '[1, 2]' });
    assert.equal(parseOverride('name=abc').value, 'abc');
    assert.equal(parseOverride('flag=true').value, true);
    assert.throws(() => parseOverride('novalue'), /key=value/);
    assert.throws(() => parseOverride('=1'), /key=value/);
  });

  it('writes YAML keeping comments, JSON as JSON, creates a new key, and restores the bytes', () => {
    const ws = tempDir();
    const yaml = '# top\ntrain:\n  lr: 0.01  # keep me\n  epochs: 3\n';
    const json = '{"a": {"b": 1}}';
    writeFileSync(join(ws, 'params.yaml'), yaml);
    writeFileSync(join(ws, 'p.json'), json);
    const applied = applyOverrides(ws, [parseOverride('train.lr=0.2'), parseOverride('train.new=x'), parseOverride('p.json:a.b=2')]);
    const written = readFileSync(join(ws, 'params.yaml'), 'utf8');
    assert.match(written, /# top/);
    assert.match(written, /lr: 0\.2 +# keep me/);
    assert.match(written, /new: x/);
    assert.deepEqual(JSON.parse(readFileSync(join(ws, 'p.json'), 'utf8')), { a: { b: 2 } });
    applied.restore();
    assert.equal(readFileSync(join(ws, 'params.yaml'), 'utf8'), yaml);
    assert.equal(readFileSync(join(ws, 'p.json'), 'utf8'), json);
  });

  it('refuses a key under a value that is not a mapping, changing no file', () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'params.yaml'), 'lr: 0.1\n');
    assert.throws(() => applyOverrides(ws, [parseOverride('lr.x=1')]), /not a mapping/);
    assert.equal(readFileSync(join(ws, 'params.yaml'), 'utf8'), 'lr: 0.1\n');
  });
});

describe('metrics and params as runs record them', () => {
  it("flattens metrics files as DVC does, keeping only numbers", () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'm.json'), JSON.stringify({ acc: 0.9, per: { train: 1, test: { f1: 0.5 } }, name: 'x', list: [1], ok: true }));
    writeFileSync(join(ws, 'm.yaml'), 'loss: .nan\nsteps: 10\n');
    assert.deepEqual(readMetricsFile(join(ws, 'm.json'), 'm.json'), [
      { key: 'acc', value: 0.9 },
      { key: 'per.train', value: 1 },
      { key: 'per.test.f1', value: 0.5 },
    ]);
    const yaml = readMetricsFile(join(ws, 'm.yaml'), 'm.yaml');
    assert.ok(Number.isNaN(yaml[0]!.value));
    assert.deepEqual(yaml[1], { key: 'steps', value: 10 });
    assert.deepEqual(readMetricsFile(join(ws, 'missing.json'), 'missing.json'), []);
  });

  it('names params by key for params.yaml and file:key for other files', () => {
    const params = stageParams({ cmd: 'x', deps: [], outs: [], params: { 'params.yaml': { 'train.lr': 0.1, opts: { a: 'b' } }, 'conf.json': { n: [1, 2] } } });
    assert.deepEqual(params, [
      { key: 'train.lr', value: '0.1' },
      { key: 'opts.a', value: 'b' },
      { key: 'conf.json:n', value: '[1,2]' },
    ]);
  });
});
