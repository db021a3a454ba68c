import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DomainError } from '../../../src/core/errors';
import { editFrozen, loadPipeline, setStageFrozen } from '../../../src/core/pipeline';
import { tempDir } from '../../helpers/temp';

const YAML = `# the pipeline
stages:
  prepare:   # first
    cmd: "cp a b"
    deps: [a]
    outs:
      - b
  train:
    # trains
    cmd:
      - echo one
      - echo two
    frozen: false
  each:
    foreach: [x, y]
    do:
      cmd: echo \${item}
  flow: {cmd: echo flow}
`;

const lines = (text: string): string[] => text.split(/\r?\n/);

describe('freezing a stage in dvc.yaml', () => {
  it('adds frozen: true as the stage\'s first key and removes it again, leaving every other byte as it was', () => {
    const frozen = editFrozen(YAML, 'dvc.yaml', 'prepare', true);
    const added = lines(frozen).filter((l) => !lines(YAML).includes(l));
    assert.deepEqual(added, ['    frozen: true']);
    assert.equal(frozen.replace('    frozen: true\n', ''), YAML);
    assert.equal((parse(frozen) as { stages: { prepare: { frozen: boolean } } }).stages.prepare.frozen, true);
    assert.equal(editFrozen(frozen, 'dvc.yaml', 'prepare', false), YAML);
    assert.equal(editFrozen(frozen, 'dvc.yaml', 'prepare', true), frozen, 'already frozen: unchanged');
  });

  it('replaces an existing frozen: false, keeps CRLF line endings, and leaves an unfrozen stage as it is', () => {
    const frozen = editFrozen(YAML, 'dvc.yaml', 'train', true);
    assert.equal(frozen, YAML.replace('    frozen: false\n', '    frozen: true\n'));
    assert.equal(editFrozen(YAML, 'dvc.yaml', 'train', false), YAML, 'frozen: false already says it');
    const crlf = YAML.replace(/\n/g, '\r\n');
    const edited = editFrozen(crlf, 'dvc.yaml', 'prepare', true);
    assert.equal(edited, crlf.replace('    cmd: "cp a b"\r\n', '    frozen: true\r\n    cmd: "cp a b"\r\n'));
  });

  it('refuses what it cannot edit in place with a clear error: a foreach member, a flow mapping, an unknown stage', () => {
    assert.throws(() => editFrozen(YAML, 'dvc.yaml', 'each@x', true), (e: unknown) => e instanceof DomainError && /foreach\/matrix: freeze its group 'each'/.test(e.message));
    assert.throws(() => editFrozen(YAML, 'dvc.yaml', 'flow', true), (e: unknown) => e instanceof DomainError && /not a block mapping/.test(e.message));
    assert.throws(() => editFrozen(YAML, 'dvc.yaml', 'nope', true), (e: unknown) => e instanceof DomainError && /has no stage 'nope'/.test(e.message));
  });

  it('setStageFrozen edits the stage\'s own dvc.yaml (a subfolder\'s too), which then loads as frozen', () => {
    const ws = tempDir('mlops-freeze-');
    writeFileSync(join(ws, 'dvc.yaml'), YAML);
    mkdirSync(join(ws, 'sub'));
    const sub = 'stages:\n  fit:\n    cmd: echo fit\n';
    writeFileSync(join(ws, 'sub', 'dvc.yaml'), sub);
    assert.deepEqual(setStageFrozen(ws, 'sub/dvc.yaml:fit', true), { file: 'sub/dvc.yaml', changed: true });
    assert.equal(readFileSync(join(ws, 'sub', 'dvc.yaml'), 'utf8'), 'stages:\n  fit:\n    frozen: true\n    cmd: echo fit\n');
    assert.equal(loadPipeline(ws).stages.find((s) => s.id === 'sub/dvc.yaml:fit')?.frozen, true);
    assert.deepEqual(setStageFrozen(ws, 'sub/dvc.yaml:fit', true), { file: 'sub/dvc.yaml', changed: false });
    setStageFrozen(ws, 'sub/dvc.yaml:fit', false);
    assert.equal(readFileSync(join(ws, 'sub', 'dvc.yaml'), 'utf8'), sub);
    assert.equal(readFileSync(join(ws, 'dvc.yaml'), 'utf8'), YAML, 'the other file untouched');
    assert.throws(() => setStageFrozen(ws, 'missing', true), (e: unknown) => e instanceof DomainError && e.code === 'RESOURCE_DOES_NOT_EXIST');
  });
});
