import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../../..');
const schema = JSON.parse(readFileSync(join(ROOT, 'media/dvc.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const check = (text: string): string[] => (validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));

describe('media/dvc.schema.json (dvc.yaml completion and validation in the editor)', () => {
  it('is registered through contributes.yamlValidation like mlops.yaml\'s', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string; url: string }[] } };
    assert.ok(pkg.contributes.yamlValidation.some((v) => v.fileMatch === 'dvc.yaml' && v.url === './media/dvc.schema.json'));
  });

  for (const file of ['test/fixtures/dvc-example/dvc.yaml', 'examples/weather/dvc.yaml']) {
    it(`accepts ${file}`, () => assert.deepEqual(check(readFileSync(join(ROOT, file), 'utf8')), []));
  }

  it('accepts what DVC 3 accepts: cmd lists, params files, out flags, foreach/do, matrix, vars, top-level plots and artifacts', () => {
    const text = `vars:
  - params.yaml
  - config.json:train
  - { lr: 0.1 }
stages:
  prep:
    cmd: [echo a, echo b]
    wdir: sub
    deps: [a.csv]
    params:
      - train
      - other.yaml: [x.y]
      - whole.toml:
    outs:
      - out/:
          cache: false
          persist: true
          push: false
      - model.bin
    metrics:
      - m.json:
          cache: false
    plots:
      - loss.csv:
          x: step
          y: loss
    frozen: true
    always_changed: false
    desc: prepares
    meta: { owner: me }
  each:
    foreach: \${models}
    do:
      cmd: echo \${item}
  grid:
    matrix:
      lr: [0.1, 0.2]
      model: \${models}
    cmd: train \${item.lr} \${item.model}
plots:
  - loss.csv
  - acc:
      x: step
      y: { m.json: [acc, val_acc] }
artifacts:
  model:
    path: model.bin
    type: model
`;
    assert.deepEqual(check(text), []);
  });

  it('refuses typos and wrong types, as the runtime does', () => {
    assert.ok(check('stages:\n  a:\n    cmd: x\n    dep: [y]\n').some((e) => /additional/.test(e)), 'dep instead of deps');
    assert.notDeepEqual(check('stages:\n  a:\n    deps: [y]\n'), [], 'no cmd');
    assert.notDeepEqual(check('stages:\n  a:\n    cmd: x\n    frozen: "yes"\n'), [], 'frozen must be a boolean');
    assert.notDeepEqual(check('stages:\n  a:\n    cmd: x\n    outs:\n      - o:\n          cahce: false\n'), [], 'unknown out flag');
    assert.notDeepEqual(check('stage:\n  a:\n    cmd: x\n'), [], 'unknown top-level key');
  });
});
