import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { PyFloat, dumpPy, loadPipeline, parsePy, readLock, writeLockEntries } from '../../../src/core/pipeline';
import { dumpLock } from '../../../src/core/pipeline/lock';
import type { LockEntry, Stage } from '../../../src/core/pipeline';
import { withFileLock } from '../../../src/core/pipeline/file-lock';
import { currentParams } from '../../../src/core/pipeline/status';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

function workspace(files: Record<string, string>): string {
  const ws = tempDir('mlops-pipeline-bad-');
  mkdirSync(join(ws, '.mlops'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  return ws;
}

/** Sets a file's times well in the past, so the parse cache trusts its stamp (as for any file not just written). */
const age = (path: string, seconds = 60): void => utimesSync(path, new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));

const entry = (cmd: string): LockEntry => ({ cmd, deps: [], params: {}, outs: [{ path: `${cmd}.out`, md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 0, hashMd5: true }] });
const stage = (name: string): Stage => ({ name, cmd: name }) as Stage;

describe('a dvc.lock edited by hand', () => {
  it('names the file, the line and the stage of a broken entry', () => {
    const lock = (text: string) => () => readLock(workspace({ 'dvc.lock': text }), 'dvc.yaml');
    assert.throws(lock('schema: \'2.0\'\nstages:\n  train:\n    cmd: [1, 2]\n'), /dvc\.lock:4: stage 'train' has no valid `cmd`/);
    assert.throws(lock('schema: \'2.0\'\nstages:\n  a:\n    cmd: x\n  train:\n    cmd: t\n    deps:\n    - md5: abc\n'), /dvc\.lock:8: stage 'train': an entry of `deps` has no path/);
    assert.throws(lock('schema: \'2.0\'\nstages:\n  train:\n    cmd: t\n    outs: out.txt\n'), /dvc\.lock:5: stage 'train': `outs` must be a list/);
    assert.throws(lock('schema: \'2.0\'\nstages:\n  train:\n    cmd: t\n    params: 3\n'), /dvc\.lock:5: stage 'train': `params` must map/);
    assert.throws(lock('stages:\n  train:\n    cmd: "unclosed\n'), /dvc\.lock:\d+: /);
    assert.throws(lock('stages: [a, b]\n'), /dvc\.lock:1: `stages:` must be a mapping/);
  });

  it('a hand edit is seen at once, though the parsed file is cached', () => {
    const ws = workspace({ 'dvc.lock': "schema: '2.0'\nstages:\n  a:\n    cmd: old\n" });
    age(join(ws, 'dvc.lock'));
    assert.equal(readLock(ws, 'dvc.yaml').get('a')!.cmd, 'old');
    writeFileSync(join(ws, 'dvc.lock'), "schema: '2.0'\nstages:\n  a:\n    cmd: new\n");
    assert.equal(readLock(ws, 'dvc.yaml').get('a')!.cmd, 'new');
  });
});

describe('dvc.lock written while another process writes it', () => {
  it("keeps the entries another process wrote after we read the file (re-read and merged under the lock file)", () => {
    const ws = workspace({});
    writeLockEntries(ws, 'dvc.yaml', [{ stage: stage('a'), entry: entry('a') }]);
    assert.deepEqual([...readLock(ws, 'dvc.yaml').keys()], ['a']);
    // DVC (or another repro) records stage b, replacing the file in place.
    const text = readFileSync(join(ws, 'dvc.lock'), 'utf8');
    writeFileSync(join(ws, 'dvc.lock'), `${text}  b:\n    cmd: b\n`);
    writeLockEntries(ws, 'dvc.yaml', [{ stage: stage('c'), entry: entry('c') }]);
    assert.deepEqual([...readLock(ws, 'dvc.yaml').keys()], ['a', 'b', 'c']);
    assert.equal(existsSync(join(ws, 'dvc.lock.mlops-lock')), false, 'the lock file is removed');
  });

  it('waits for a live holder of the lock file, and takes over one left by a process that is gone', async () => {
    const ws = workspace({});
    const lockFile = join(ws, 'dvc.lock.mlops-lock');
    writeFileSync(lockFile, '999999999');
    writeLockEntries(ws, 'dvc.yaml', [{ stage: stage('a'), entry: entry('a') }]);
    assert.deepEqual([...readLock(ws, 'dvc.yaml').keys()], ['a']);

    const marker = join(ws, 'waiting');
    const script = `const fs = require('fs'); fs.writeFileSync(${JSON.stringify(lockFile)}, String(process.pid));
const poll = setInterval(() => { if (fs.existsSync(${JSON.stringify(marker)})) { fs.rmSync(${JSON.stringify(lockFile)}); clearInterval(poll); } }, 10);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    try {
      await until('the other process to hold the lock', () => existsSync(lockFile) && readFileSync(lockFile, 'utf8') === String(holder.pid));
      writeFileSync(marker, ''); // the holder lets go only once we are waiting
      withFileLock(lockFile, 'dvc.lock', () => assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid)));
      assert.equal(existsSync(lockFile), false);
    } finally {
      holder.kill();
    }
  });
});

describe('params and stages read through the parse cache', () => {
  it('a changed params file or dvc.yaml is read again; a missing params file or key names the stage and line', () => {
    const ws = workspace({ 'params.yaml': 'lr: 1\nepochs: 2\n', 'dvc.yaml': 'stages:\n  train:\n    cmd: echo ${epochs}\n    params:\n    - lr\n' });
    for (const f of ['params.yaml', 'dvc.yaml']) age(join(ws, f));
    const train = () => loadPipeline(ws).stages[0]!;
    assert.equal(train().cmd, 'echo 2');
    assert.deepEqual(currentParams(ws, train()), { 'params.yaml': { lr: 1 } });
    assert.ok(existsSync(join(ws, '.mlops')));
    writeFileSync(join(ws, 'params.yaml'), 'lr: 3\nepochs: 5\n');
    assert.equal(train().cmd, 'echo 5', 'the templated command follows params.yaml');
    assert.deepEqual(currentParams(ws, train()), { 'params.yaml': { lr: 3 } });
    writeFileSync(join(ws, 'params.yaml'), 'epochs: 5\n');
    assert.throws(() => currentParams(ws, train()), /dvc\.yaml:5: stage 'train' uses param 'lr', which params\.yaml does not define/);
    writeFileSync(join(ws, 'dvc.yaml'), 'stages:\n  train:\n    cmd: echo\n    params:\n    - other.yaml:\n      - lr\n');
    assert.throws(() => currentParams(ws, train()), /dvc\.yaml:5: stage 'train' uses params of other\.yaml, which does not exist/);
  });

  it('stages read from the cache are copies: changing one does not change the next read', () => {
    const ws = workspace({ 'dvc.yaml': 'stages:\n  a:\n    cmd: x\n    outs: [o]\n' });
    age(join(ws, 'dvc.yaml'));
    loadPipeline(ws).stages[0]!.outs.pop();
    assert.equal(loadPipeline(ws).stages[0]!.outs.length, 1);
  });
});

describe('dvc.lock dumped a stage at a time', () => {
  it("is byte for byte the whole-file dump (DVC's example lock, floats, long folded commands)", () => {
    const fixture = readFileSync(join(__dirname, '../../fixtures/dvc-example/dvc.lock'), 'utf8');
    assert.equal(dumpLock(parsePy(fixture) as Record<string, unknown>), fixture);
    const doc = { schema: '2.0', stages: { a: { cmd: `python ${'very-long-argument '.repeat(8)}`, params: { 'params.yaml': { lr: new PyFloat(1), x: 0.2 } } }, b: { cmd: ['one', 'two: three'] } } };
    assert.equal(dumpLock(doc), dumpPy(doc));
    assert.equal(dumpLock(doc), dumpPy(doc), 'and again from the remembered stage texts');
  });
});
