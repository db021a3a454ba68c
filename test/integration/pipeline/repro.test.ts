import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { md5File } from '../../../src/core/data';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../../helpers/cli';
import { until } from '../../helpers/until';
import { tempDir } from '../../helpers/temp';

const FIXTURE = resolve(__dirname, '../../fixtures/dvc-example');
const FIXTURE_LOCK = readFileSync(join(FIXTURE, 'dvc.lock'), 'utf8');

/**
 * The fixture as a checkout, and a `python` that stands in for the example's scripts (which need
 * pandas and scikit-learn): each puts the output DVC recorded in place, so reruns are deterministic.
 */
function project(): { ws: string; env: NodeJS.ProcessEnv; ran(): string[] } {
  const parent = tempDir('mlops-repro-');
  const ws = join(parent, 'ws');
  cpSync(FIXTURE, ws, { recursive: true });
  renameSync(join(ws, '_gitignore'), join(ws, '.gitignore'));
  renameSync(join(ws, 'data', '_gitignore'), join(ws, 'data', '.gitignore'));
  const bin = join(parent, 'bin');
  mkdirSync(bin);
  const log = join(parent, 'ran.log');
  writeFileSync(
    join(bin, 'python'),
    `#!/bin/sh
case "$1" in
  src/prepare.py) cp -R "$SAVED/data/prepared" data/ ;;
  src/featurization.py) cp -R "$SAVED/data/features" data/ ;;
  src/train.py) cp "$SAVED/model.pkl" . ;;
  src/evaluate.py) mkdir -p eval && cp "$SAVED/eval/metrics.json" eval/ ;;
  *) exit 9 ;;
esac
echo "$1" >> "$RAN"
`,
  );
  chmodSync(join(bin, 'python'), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH}`, SAVED: FIXTURE, RAN: log, MLOPS_WORKSPACE: ws };
  return { ws, env, ran: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []) };
}

function workspace(dvcYaml: string, files: Record<string, string> = {}): string {
  const ws = tempDir('mlops-repro-');
  writeFileSync(join(ws, 'dvc.yaml'), dvcYaml);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(ws, path), text);
  return ws;
}

const repro = (ws: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => runCli(['repro', '--workspace', ws, ...args], { env, timeoutMs: 60_000 });

describe('mlops repro on the DVC example project', () => {
  it('reruns every stage without a dvc.lock and writes the dvc.lock DVC wrote, byte for byte; then skips them all', async () => {
    const p = project();
    rmSync(join(p.ws, 'dvc.lock'));
    const first = await repro(p.ws, [], p.env);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.deepEqual(p.ran(), ['src/prepare.py', 'src/featurization.py', 'src/train.py', 'src/evaluate.py']);
    assert.equal(readFileSync(join(p.ws, 'dvc.lock'), 'utf8'), FIXTURE_LOCK);
    // Outputs are versioned into DVC's cache (a folder as its .dir manifest), with no .dvc pointer.
    assert.ok(existsSync(join(p.ws, '.dvc/cache/files/md5/c9/dd6ecda0584ae168e64dc9bc4993a5')));
    assert.ok(existsSync(join(p.ws, '.dvc/cache/files/md5/26/135bfbe71cf16ebd93ae77b4ef827f.dir')));
    assert.equal(existsSync(join(p.ws, 'model.pkl.dvc')), false);
    const again = await repro(p.ws, [], p.env);
    assert.equal(again.code, 0, again.stderr);
    for (const stage of ['prepare', 'featurize', 'train', 'evaluate']) assert.match(again.stdout, new RegExp(`Stage '${stage}' didn't change, skipping`));
    assert.match(again.stdout, /Data and pipelines are up to date\./);
    assert.equal(p.ran().length, 4);
  });

  it('says why a stage is stale after a dep, a param or the command changed, and reruns only that stage', async () => {
    const p = project();
    const status = () => runCli(['status', '--pipeline', '--workspace', p.ws], { env: p.env });
    const clean = await status();
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /Data and pipelines are up to date/);

    writeFileSync(join(p.ws, 'src/train.py'), '# changed\n', { flag: 'a' });
    writeFileSync(join(p.ws, 'params.yaml'), readFileSync(join(p.ws, 'params.yaml'), 'utf8').replace('max_features: 200', 'max_features: 300'));
    writeFileSync(join(p.ws, 'dvc.yaml'), readFileSync(join(p.ws, 'dvc.yaml'), 'utf8').replace('python src/evaluate.py model.pkl data/features', 'python src/evaluate.py  model.pkl data/features'));
    const stale = await status();
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /featurize:\n\tparam 'featurize\.max_features' changed/);
    assert.match(stale.stdout, /train:\n\tdependency 'src\/train\.py' modified/);
    assert.match(stale.stdout, /evaluate:\n\tcommand changed/);
    assert.doesNotMatch(stale.stdout, /prepare:/);

    // Undo the param and the command: only train is stale, and only train runs.
    writeFileSync(join(p.ws, 'params.yaml'), readFileSync(join(FIXTURE, 'params.yaml')));
    writeFileSync(join(p.ws, 'dvc.yaml'), readFileSync(join(FIXTURE, 'dvc.yaml')));
    const run = await repro(p.ws, [], p.env);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(p.ran(), ['src/train.py']);
    assert.match(run.stdout, /Stage 'prepare' didn't change, skipping/);
    assert.match(run.stdout, /Running stage 'train':\n> python src\/train\.py data\/features model\.pkl/);
    const { md5, size } = await md5File(join(p.ws, 'src/train.py'));
    const expected = FIXTURE_LOCK.replace('md5: 324001573ed724e5ae092226fcf9ca30\n      size: 1666', `md5: ${md5}\n      size: ${size}`);
    assert.equal(readFileSync(join(p.ws, 'dvc.lock'), 'utf8'), expected);
  });

  it('--dry runs nothing; a target runs only it and what it needs; --force runs it though nothing changed', async () => {
    const p = project();
    rmSync(join(p.ws, 'dvc.lock'));
    const dry = await repro(p.ws, ['--dry'], p.env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Running stage 'prepare' \(never run \(not in dvc\.lock\)\):\n> python src\/prepare\.py data\/data\.xml/);
    assert.deepEqual(p.ran(), []);
    assert.equal(existsSync(join(p.ws, 'dvc.lock')), false);
    const target = await repro(p.ws, ['featurize'], p.env);
    assert.equal(target.code, 0, target.stderr);
    assert.deepEqual(p.ran(), ['src/prepare.py', 'src/featurization.py']);
    const forced = await repro(p.ws, ['featurize', '--force', '--single-item'], p.env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(p.ran(), ['src/prepare.py', 'src/featurization.py', 'src/featurization.py']);
  });
});

describe('mlops repro scheduling and failures', () => {
  it('runs independent stages in parallel (each waits for a file the other writes)', async () => {
    const wait = (mine: string, other: string) => `touch ${mine}.flag && while [ ! -f ${other}.flag ]; do sleep 0.01; done && echo ${mine} > ${mine}.out`;
    const ws = workspace(`stages:\n  a:\n    cmd: ${wait('a', 'b')}\n    outs: [a.out]\n  b:\n    cmd: ${wait('b', 'a')}\n    outs: [b.out]\n  both:\n    cmd: cat a.out b.out > both.out\n    deps: [a.out, b.out]\n    outs: [both.out]\n`);
    const run = await runCli(['repro', '--workspace', ws, '--jobs', '2'], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(join(ws, 'both.out'), 'utf8'), 'a\nb\n');
  });

  it('a failed stage keeps its old dvc.lock entry and stops its downstream; --keep-going runs the rest', async () => {
    const ws = workspace(
      'stages:\n  a:\n    cmd: cp in.txt a.out\n    deps: [in.txt]\n    outs: [a.out]\n  b:\n    cmd: cp a.out b.out\n    deps: [a.out]\n    outs: [b.out]\n  c:\n    cmd: cp b.out c.out\n    deps: [b.out]\n    outs: [c.out]\n  d:\n    cmd: cp other.txt d.out\n    deps: [other.txt]\n    outs: [d.out]\n',
      { 'in.txt': 'one\n', 'other.txt': 'x\n' },
    );
    const first = await repro(ws);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const lock = readFileSync(join(ws, 'dvc.lock'), 'utf8');
    writeFileSync(join(ws, 'dvc.yaml'), readFileSync(join(ws, 'dvc.yaml'), 'utf8').replace('cp a.out b.out', 'echo partial > b.out && exit 3'));
    const failed = await repro(ws, ['--keep-going']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /ERROR: failed to reproduce 'b'/);
    assert.match(failed.stderr, /Not run because a stage they depend on failed: c/);
    assert.equal(readFileSync(join(ws, 'dvc.lock'), 'utf8'), lock, 'nothing changed in the lock: a and d were up to date, b failed');
    writeFileSync(join(ws, 'other.txt'), 'y\n');
    const again = await repro(ws, ['--keep-going']);
    assert.equal(again.code, 1);
    assert.equal(readFileSync(join(ws, 'd.out'), 'utf8'), 'y\n');
    const after = readFileSync(join(ws, 'dvc.lock'), 'utf8');
    assert.notEqual(after, lock);
    assert.equal(after.split('  d:')[0], lock.split('  d:')[0], "b's entry (and a's, c's) unchanged");
  });

  it('runs foreach stages (stage@key), versions their templated outputs without .dvc pointers', async () => {
    const ws = workspace('stages:\n  make:\n    foreach: [a, b]\n    do:\n      cmd: echo ${item} > ${item}.out\n      outs:\n      - ${item}.out\n');
    const run = await repro(ws);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Running stage 'make@a'/);
    assert.equal(readFileSync(join(ws, 'b.out'), 'utf8'), 'b\n');
    assert.equal(existsSync(join(ws, 'a.out.dvc')), false);
    assert.match(readFileSync(join(ws, 'dvc.lock'), 'utf8'), /^ {2}make@a:\n {4}cmd: echo a > a\.out\n/m);
  });

  it('a stage interrupted mid-run is not recorded: its partial output stays out of dvc.lock', async () => {
    const ws = workspace('stages:\n  slow:\n    cmd: echo partial > out.txt && touch started && while true; do sleep 0.05; done\n    outs: [out.txt]\n');
    const child = spawn(process.execPath, [CLI, 'repro', '--workspace', ws], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until('the stage to start', () => existsSync(join(ws, 'started')));
    child.kill('SIGINT');
    assert.equal(await exited, 1);
    assert.equal(existsSync(join(ws, 'dvc.lock')), false);
  });

  it('refuses a params key that does not exist, naming the stage and line, and runs nothing', async () => {
    const ws = workspace('stages:\n  train:\n    cmd: touch ran\n    params:\n    - lr\n', { 'params.yaml': 'epochs: 3\n' });
    const run = await repro(ws);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /dvc\.yaml:5: stage 'train' uses param 'lr', which params\.yaml does not define/);
    assert.equal(existsSync(join(ws, 'ran')), false);
  });
});
