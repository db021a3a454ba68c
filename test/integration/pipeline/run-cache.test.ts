import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const DVC_YAML = `stages:
  build:
    cmd: |-
      echo ran >> runs.log && mkdir -p out && cat input.txt > out/a.txt && cat input.txt input.txt > out/b.txt && printf '{"size": %s}' $(wc -c < input.txt) > metrics.json
    deps: [input.txt]
    params: [level]
    outs: [out]
    metrics:
    - metrics.json:
        cache: false
`;

function workspace(): string {
  const ws = tempDir('mlops-run-cache-');
  writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML);
  writeFileSync(join(ws, 'input.txt'), 'one\n');
  writeFileSync(join(ws, 'params.yaml'), 'level: 1\n');
  return ws;
}

const repro = (ws: string, args: string[] = []) => runCli(['repro', '--workspace', ws, ...args], { timeoutMs: 60_000 });
const runs = (ws: string) => readFileSync(join(ws, 'runs.log'), 'utf8').trim().split('\n').length;

describe('the run-cache', () => {
  it("restores a stage's outputs (a folder and a cache: false metrics file) when its exact inputs ran before, without running it", async () => {
    const ws = workspace();
    const first = await repro(ws);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const lockOne = readFileSync(join(ws, 'dvc.lock'), 'utf8');
    const metricsOne = readFileSync(join(ws, 'metrics.json'), 'utf8');

    writeFileSync(join(ws, 'input.txt'), 'two!\n');
    const second = await repro(ws);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(runs(ws), 2);
    assert.equal(readFileSync(join(ws, 'out/b.txt'), 'utf8'), 'two!\ntwo!\n');

    writeFileSync(join(ws, 'input.txt'), 'one\n');
    rmSync(join(ws, 'metrics.json'));
    const back = await repro(ws);
    assert.equal(back.code, 0, back.stderr + back.stdout);
    assert.match(back.stdout, /Stage 'build' is cached - skipping run, checking out outputs/);
    assert.doesNotMatch(back.stdout, /Data and pipelines are up to date/);
    assert.equal(runs(ws), 2, 'the command did not run');
    assert.equal(readFileSync(join(ws, 'out/a.txt'), 'utf8'), 'one\n');
    assert.equal(readFileSync(join(ws, 'out/b.txt'), 'utf8'), 'one\none\n');
    assert.equal(readFileSync(join(ws, 'metrics.json'), 'utf8'), metricsOne);
    assert.equal(readFileSync(join(ws, 'dvc.lock'), 'utf8'), lockOne, 'dvc.lock as after the first run');
    const status = await runCli(['status', '--pipeline', '--workspace', ws]);
    assert.equal(status.code, 0, status.stdout);
  });

  it('a changed param is a different input; --force runs the stage though its inputs are cached', async () => {
    const ws = workspace();
    assert.equal((await repro(ws)).code, 0);
    writeFileSync(join(ws, 'params.yaml'), 'level: 2\n');
    const changed = await repro(ws);
    assert.doesNotMatch(changed.stdout, /is cached/);
    assert.equal(runs(ws), 2);
    writeFileSync(join(ws, 'params.yaml'), 'level: 1\n');
    const forced = await repro(ws, ['--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.doesNotMatch(forced.stdout, /is cached/);
    assert.equal(runs(ws), 3);
  });

  it('a stage without deps, or with a persist output, is never restored from the run-cache (as in DVC)', async () => {
    for (const yaml of [DVC_YAML.replace('    deps: [input.txt]\n', ''), DVC_YAML.replace('    outs: [out]', '    outs:\n    - out:\n        persist: true')]) {
      const ws = workspace();
      writeFileSync(join(ws, 'dvc.yaml'), yaml);
      assert.equal((await repro(ws)).code, 0);
      writeFileSync(join(ws, 'params.yaml'), 'level: 2\n');
      assert.equal((await repro(ws)).code, 0);
      writeFileSync(join(ws, 'params.yaml'), 'level: 1\n');
      const back = await repro(ws);
      assert.equal(back.code, 0, back.stderr);
      assert.doesNotMatch(back.stdout, /is cached/);
      assert.equal(runs(ws), 3);
    }
  });

  it('an always_changed stage is never restored from the run-cache', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML.replace('    deps: [input.txt]', '    always_changed: true\n    deps: [input.txt]'));
    assert.equal((await repro(ws)).code, 0);
    const again = await repro(ws);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /is cached/);
    assert.equal(runs(ws), 2);
  });
});
