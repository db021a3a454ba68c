import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { CLI, runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

function gitRepo(): string {
  const ws = tempDir();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(join(ws, 'data.csv'), 'a,b\n1,2\n');
  git('add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
  return ws;
}

function openTracking(ws: string): { tracking: Tracking; close(): void } {
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { tracking: new Tracking(store, join(ws, '.mlops', 'artifacts')), close: () => store.close() };
}

const SCRIPT = `
console.log('lr=' + process.env.MLOPS_PARAM_LEARNING_RATE + ' run=' + process.env.MLFLOW_RUN_ID + ' uri=' + process.env.MLFLOW_TRACKING_URI);
for (let i = 0; i < 3; i++) console.log('mlops:metric loss=' + (1 / (i + 1)) + ' accuracy=0.' + (7 + i) + ' step=' + i);
console.log('mlops:param model=tree');
console.error('a warning on stderr');
`;

describe('mlops run', () => {
  it('tracks a command: params, stdout metrics, git lineage, output log, FINISHED', async () => {
    const ws = gitRepo();
    writeFileSync(join(ws, 'data.csv'), 'a,b\n1,3\n');
    writeFileSync(join(ws, 'train.js'), SCRIPT);
    writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  track:\n    - data.csv\n');
    const result = await runCli(['run', '--workspace', ws, '--experiment', 'weather', '--name', 'first', '-p', 'learning_rate=0.1', '--', process.execPath, 'train.js']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /lr=0\.1 run=[0-9a-f]{32} uri=http:\/\/127\.0\.0\.1:\d+/);
    assert.match(result.stderr, /a warning on stderr/);
    const { tracking, close } = openTracking(ws);
    try {
      const experiment = tracking.experiments.getByName('weather');
      const [run] = tracking.runs.search({ experimentIds: [experiment.experimentId] }).items;
      assert.ok(run);
      assert.equal(run.info.runName, 'first');
      assert.equal(run.info.status, 'FINISHED');
      assert.ok(run.info.endTime !== null);
      const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
      assert.deepEqual(params, { learning_rate: '0.1', model: 'tree' });
      const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
      assert.match(tags['mlflow.source.git.commit'] ?? '', /^[0-9a-f]{40}$/);
      assert.equal(tags['mlops.git.dirty'], 'true');
      assert.equal(tags['mlops.exit_code'], '0');
      assert.match(tags['mlops.node.version'] ?? '', /^v\d+/);
      assert.deepEqual(JSON.parse(tags['mlops.command'] ?? '[]'), [process.execPath, 'train.js']);
      assert.match(tags['mlops.data.data.csv'] ?? '', /^v1 [0-9a-f]{32}$/, 'the data version the run started from');
      const loss = tracking.metrics.history(run.info.runId, 'loss').metrics;
      assert.deepEqual(loss.map((m) => [m.step, m.value]), [[0, 1], [1, 0.5], [2, 1 / 3]]);
      const root = run.info.artifactUri.replace('mlflow-artifacts:/', '');
      const log = readFileSync(join(ws, '.mlops', 'artifacts', root, 'logs', 'output.log'), 'utf8');
      assert.match(log, /mlops:metric loss=1 /);
      assert.match(log, /a warning on stderr/);
      assert.match(readFileSync(join(ws, '.mlops', 'artifacts', root, 'lineage', 'git.diff'), 'utf8'), /^\+1,3$/m);
    } finally {
      close();
    }
  });

  it('passes the exit code through and marks a failing command FAILED', async () => {
    const ws = tempDir();
    const result = await runCli(['run', '--workspace', ws, '--', process.execPath, '-e', 'process.exit(3)']);
    assert.equal(result.code, 3);
    const { tracking, close } = openTracking(ws);
    const [run] = tracking.runs.search({ experimentIds: ['0'] }).items;
    close();
    assert.equal(run?.info.status, 'FAILED');
  });

  it('marks a run KILLED when it is stopped, and records system metrics meanwhile', async () => {
    const ws = tempDir();
    const child = spawn(process.execPath, [CLI, 'run', '--workspace', ws, '--system-metrics-interval', '150', '--', process.execPath, '-e', 'setInterval(() => {}, 1000); console.log("started")'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => c.toString().includes('started') && resolve()));
      await until('a system metric is recorded', () => {
        const { tracking, close } = openTracking(ws);
        try {
          return tracking.runs.search({ experimentIds: ['0'] }).items[0]?.data.metrics.some((m) => m.key === 'system/memory_mb');
        } finally {
          close();
        }
      });
    } finally {
      // Also on failure: SIGTERM lets `mlops run` stop its command, which a kill of this file's process group would orphan.
      child.kill('SIGTERM');
    }
    const code = await closed;
    assert.notEqual(code, 0);
    const { tracking, close } = openTracking(ws);
    const [run] = tracking.runs.search({ experimentIds: ['0'] }).items;
    close();
    assert.equal(run?.info.status, 'KILLED');
    assert.ok(run?.data.metrics.some((m) => m.key === 'system/memory_mb' && m.value > 0), JSON.stringify(run?.data.metrics));
  });

  it('says how to use it when no command follows --', async () => {
    const result = await runCli(['run', '--workspace', tempDir()]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /give the command to run after --/);
  });
});
