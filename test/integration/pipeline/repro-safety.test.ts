import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

function workspace(dvcYaml: string, files: Record<string, string> = {}, parent = tempDir('mlops-repro-safe-')): string {
  const ws = join(parent, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, 'dvc.yaml'), dvcYaml);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(ws, path), text);
  return ws;
}

const repro = (ws: string, args: string[] = []) => runCli(['repro', '--workspace', ws, ...args], { timeoutMs: 60_000 });
const read = (ws: string, path: string) => readFileSync(join(ws, path), 'utf8');
/** A command that marks it started, waits for `other`'s mark, then writes its output. */
const meet = (mine: string, other: string) => `touch ${mine}.flag && while [ ! -f ${other}.flag ]; do sleep 0.01; done && echo ${mine} > ${mine}.out`;

describe('mlops repro leaves the workspace as it was before a failed stage', () => {
  it('puts the outputs of a failed stage back as dvc.lock records them, and removes a partial output it has no version of', async () => {
    const ws = workspace('stages:\n  a:\n    cmd: mkdir -p dir && cp in.txt a.out && cp in.txt dir/x\n    deps: [in.txt]\n    outs: [a.out, dir]\n', { 'in.txt': 'one\n' });
    const first = await repro(ws);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const lock = read(ws, 'dvc.lock');
    writeFileSync(join(ws, 'in.txt'), 'two\n');
    writeFileSync(join(ws, 'dvc.yaml'), 'stages:\n  a:\n    cmd: echo partial > a.out && mkdir -p dir && echo partial > dir/x && echo half > new.out && exit 4\n    deps: [in.txt]\n    outs: [a.out, dir, new.out]\n');
    const failed = await repro(ws);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /failed to reproduce 'a'/);
    assert.equal(read(ws, 'a.out'), 'one\n', 'the file output as recorded');
    assert.equal(read(ws, 'dir/x'), 'one\n', 'the folder output as recorded');
    assert.equal(existsSync(join(ws, 'new.out')), false, 'a partial output with no recorded version is removed');
    assert.equal(read(ws, 'dvc.lock'), lock);
  });

  it('a missing dependency that no stage writes fails the stage naming it and its line, and runs nothing', async () => {
    const ws = workspace('stages:\n  train:\n    cmd: touch ran\n    deps:\n    - data.csv\n    outs: [model]\n');
    const run = await repro(ws);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /dependency 'data\.csv' of stage 'train' \(dvc\.yaml:5\) does not exist and no stage writes it/);
    assert.equal(existsSync(join(ws, 'ran')), false);
  });
});

describe('mlops repro across processes', () => {
  it("refuses to run a stage whose outputs another repro is writing, naming the stage and process", async () => {
    const ws = workspace('stages:\n  slow:\n    cmd: touch started && while [ ! -f stop ]; do sleep 0.01; done && echo done > out.txt\n    outs: [out.txt]\n');
    mkdirSync(join(ws, '.mlops'));
    const first = spawn(process.execPath, [CLI, 'repro', '--workspace', ws], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    try {
      await until('the first repro to start the stage', () => existsSync(join(ws, 'started')));
      const second = await repro(ws, ['--force']);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`output 'out\\.txt' of stage 'slow' \\(dvc\\.yaml:2\\) is being written by stage 'slow' in process ${first.pid}`));
      writeFileSync(join(ws, 'stop'), '');
      assert.equal(await exited, 0);
      assert.equal(read(ws, 'out.txt'), 'done\n');
    } finally {
      writeFileSync(join(ws, 'stop'), ''); // the stage's shell ends even if the repro was not the one to stop it
      first.kill();
    }
  });

  it('two repros whose stages share an unchanged dep run them side by side (deps are not locked, unlike dvc#11054)', async () => {
    const ws = workspace(`stages:\n  a:\n    cmd: ${meet('a', 'b')}\n    deps: [shared.txt]\n    outs: [a.out]\n  b:\n    cmd: ${meet('b', 'a')}\n    deps: [shared.txt]\n    outs: [b.out]\n`, { 'shared.txt': 'x\n' });
    mkdirSync(join(ws, '.mlops'));
    const [ra, rb] = await Promise.all([repro(ws, ['a', '--jobs', '1']), repro(ws, ['b', '--jobs', '1'])]);
    assert.equal(ra.code, 0, ra.stderr + ra.stdout);
    assert.equal(rb.code, 0, rb.stderr + rb.stdout);
    const lock = read(ws, 'dvc.lock');
    assert.match(lock, /^ {2}a:$/m, 'both entries kept: each write re-read the other');
    assert.match(lock, /^ {2}b:$/m);
  });
});

describe('mlops repro options', () => {
  it('--jobs defaults to the number of cores: two stages that wait for each other finish', { skip: availableParallelism() < 2 && 'one core' }, async () => {
    const ws = workspace(`stages:\n  a:\n    cmd: ${meet('a', 'b')}\n    outs: [a.out]\n  b:\n    cmd: ${meet('b', 'a')}\n    outs: [b.out]\n`);
    const run = await repro(ws);
    assert.equal(run.code, 0, run.stderr + run.stdout);
  });

  it('--downstream runs the target and what depends on it, not what it depends on', async () => {
    const ws = workspace('stages:\n  a:\n    cmd: cp in.txt a.out\n    deps: [in.txt]\n    outs: [a.out]\n  b:\n    cmd: cp a.out b.out\n    deps: [a.out]\n    outs: [b.out]\n  c:\n    cmd: cp b.out c.out\n    deps: [b.out]\n    outs: [c.out]\n', { 'in.txt': '1\n' });
    assert.equal((await repro(ws)).code, 0);
    const run = await repro(ws, ['b', '--downstream', '--force']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Running stage 'b'/);
    assert.match(run.stdout, /Running stage 'c'/);
    assert.doesNotMatch(run.stdout, /stage 'a'/);
  });

  it('--pull fetches recorded outputs from the remote, so unchanged stages skip instead of running', async () => {
    const parent = tempDir('mlops-repro-pull-');
    const ws = workspace('stages:\n  a:\n    cmd: cp in.txt a.out && echo ran >> runs.log\n    deps: [in.txt]\n    outs: [a.out]\n', { 'in.txt': 'data\n', 'mlops.yaml': 'version: 1\ndata:\n  remote: ../remote\n' }, parent);
    assert.equal((await repro(ws)).code, 0);
    const push = await runCli(['data', 'push', '--workspace', ws]);
    assert.equal(push.code, 0, push.stderr);
    rmSync(join(ws, 'a.out'));
    rmSync(join(ws, '.dvc'), { recursive: true, force: true });
    rmSync(join(ws, '.mlops', 'cache'), { recursive: true, force: true });
    const run = await repro(ws, ['--pull']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Pulled 1 of 1 objects/);
    assert.match(run.stdout, /Stage 'a' didn't change, skipping/);
    assert.equal(read(ws, 'a.out'), 'data\n');
    assert.equal(read(ws, 'runs.log'), 'ran\n', 'the stage ran once, before the pull');
  });
});
