import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuntimeStatus } from '../../../src/shared/api';
import type { ConfigProblemsResponse } from '../../../src/shared/config-problems';
import type { MonitorsResponse } from '../../../src/shared/monitors';
import type { RuntimeInfo } from '../../../src/shared/runtime-info';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';
import { ALIAS_BOMB } from './config-fixtures';

const GOOD = ['version: 1', 'data:', '  track: [data/]', 'monitors:', '  - name: weather', '    model: weather@champion', ''].join('\n');

async function api<T>(info: RuntimeInfo, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${info.port}${path}`, { headers: { authorization: `Bearer ${info.token}` } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

describe('mlops.yaml problems in a running runtime', () => {
  it('survives saving an alias bomb: reports it with its line, keeps the last good settings and keeps answering', async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'mlops.yaml'), GOOD);
    const rt = await startRuntimeProcess(ws);
    try {
      assert.deepEqual((await api<MonitorsResponse>(rt.info, '/api/monitors')).monitors.map((m) => m.name), ['weather']);
      writeFileSync(join(ws, 'mlops.yaml'), ALIAS_BOMB);
      // The runtime has read the edit once its status carries the problem (the watcher sets it).
      const status = await until('the runtime to report the alias problem', async () => {
        const s = await api<RuntimeStatus>(rt.info, '/api/status');
        return s.configErrors.some((e) => /^mlops\.yaml:3: aliases/.test(e)) ? s : undefined;
      });
      assert.equal(status.pid, rt.info.pid);
      const { file, problems } = await api<ConfigProblemsResponse>(rt.info, '/api/config/problems');
      assert.equal(file, join(ws, 'mlops.yaml'));
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.line, 3);
      assert.equal((await fetch(`http://127.0.0.1:${rt.info.port}/health`)).status, 200);
      // The settings in force before the edit stay: the monitor is still configured.
      assert.deepEqual((await api<MonitorsResponse>(rt.info, '/api/monitors')).monitors.map((m) => m.name), ['weather']);
      assert.match(rt.output(), /config: mlops\.yaml:3: aliases .* expand beyond the limit/);

      const cli = await runCli(['status', '--workspace', ws]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /^config {5}mlops\.yaml:3: aliases \(\*a and others\) expand beyond the limit of \d+ values/m);
      assert.doesNotMatch(cli.stdout + cli.stderr, /\n\s+at |ReferenceError/);

      // Fixed again: the problem goes away and the file applies.
      writeFileSync(join(ws, 'mlops.yaml'), GOOD.replace('weather', 'rain'));
      await until('the fixed file to apply', async () => {
        const { monitors } = await api<MonitorsResponse>(rt.info, '/api/monitors');
        return monitors[0]?.name === 'rain' ? true : undefined;
      });
      assert.deepEqual((await api<ConfigProblemsResponse>(rt.info, '/api/config/problems')).problems, []);
    } finally {
      rt.child.kill('SIGTERM');
      assert.equal(await rt.exited, 0);
    }
  });

  it('starts with an alias bomb in place, and `mlops status` prints the problem without a stack trace', async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'mlops.yaml'), ALIAS_BOMB);
    const before = await runCli(['status', '--workspace', ws]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /^config {5}mlops\.yaml:3: aliases/m);
    assert.doesNotMatch(before.stdout + before.stderr, /\n\s+at |ReferenceError/);
    const rt = await startRuntimeProcess(ws);
    try {
      await until('the log line', async () => (/config: mlops\.yaml cannot be used until this is fixed; the runtime runs with the default settings/.test(rt.output()) ? true : undefined));
      assert.equal((await fetch(`http://127.0.0.1:${rt.info.port}/health`)).status, 200);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });

  it('reports an unknown key such as dat: and bad serving values with their lines, in the route, the log and `mlops status`', async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'mlops.yaml'), GOOD);
    const rt = await startRuntimeProcess(ws);
    try {
      writeFileSync(join(ws, 'mlops.yaml'), ['version: 1', 'dat:', '  track: [data/]', 'serving:', '  port: 99999', ''].join('\n'));
      const problems = await until('the problems of the edit', async () => {
        const { problems } = await api<ConfigProblemsResponse>(rt.info, '/api/config/problems');
        const status = await api<RuntimeStatus>(rt.info, '/api/status');
        return problems.length === 2 && status.configErrors.length === 2 ? problems : undefined;
      });
      assert.deepEqual(
        problems.map((p) => [p.line, p.column, p.message.replace(/ \(.*/, '')]),
        [
          [2, 1, 'unknown top-level setting "dat"'],
          [5, 9, 'serving.port must be an integer from 0 to 65535'],
        ],
      );
      await until('the log lines', async () => (/config: mlops\.yaml:2: unknown top-level setting "dat"/.test(rt.output()) ? true : undefined));
      const cli = await runCli(['status', '--workspace', ws]);
      assert.match(cli.stdout, /^config {5}mlops\.yaml:2: unknown top-level setting "dat" .*did you mean "data"\?$/m);
      assert.match(cli.stdout, /^config {5}mlops\.yaml:5: serving\.port must be an integer/m);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });
});
