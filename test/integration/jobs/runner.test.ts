import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { isProcessRunning } from '../../../src/core/workspace';
import { tempDir } from '../../helpers/temp';
import { nodeJob, openRunner, until } from './fixtures';

/** Prints "started", then waits until the file $GO exists. */
const WAIT_FOR_GO = "const fs = require('fs'); console.log('started'); const t = setInterval(() => fs.existsSync(process.env.GO) && clearInterval(t), 20)";

/** Starts a grandchild that ignores SIGTERM, prints both pids, then (also ignoring SIGTERM) waits forever. */
const TREE = `
  const { spawn } = require('child_process');
  const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
  process.on('SIGTERM', () => {});
  console.log('pids ' + process.pid + ' ' + g.pid);
  setInterval(() => {}, 1000);
`;

function pidsFrom(lines: string[]): number[] | undefined {
  const line = lines.find((l) => l.startsWith('pids '));
  return line?.split(' ').slice(1).map(Number);
}

describe('JobRunner: queue, timeouts, cancel, retries, output', () => {
  it('runs no more jobs at once than its concurrency; the rest wait QUEUED', async () => {
    const f = openRunner({ concurrency: 2 });
    try {
      const go = join(f.dir, 'go');
      let running = 0;
      let most = 0;
      f.runner.onChanged((job) => {
        if (job.state === 'RUNNING') most = Math.max(most, ++running);
        else if (job.state !== 'QUEUED') running--;
      });
      const jobs = [1, 2, 3, 4].map(() => f.runner.submit(nodeJob(WAIT_FOR_GO, { env: { ...process.env, GO: go } })));
      await until('two jobs to run', () => (f.runner.list().filter((j) => j.state === 'RUNNING').length === 2 ? true : undefined));
      assert.deepEqual(f.runner.list().map((j) => j.state).sort(), ['QUEUED', 'QUEUED', 'RUNNING', 'RUNNING']);
      writeFileSync(go, '');
      const done = await Promise.all(jobs.map((j) => j.done));
      assert.deepEqual(done.map((j) => j.state), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      assert.equal(most, 2);
    } finally {
      f.close();
    }
  });

  it('a timeout stops the whole tree: SIGTERM, then SIGKILL for what ignores it; child and grandchild are gone', async () => {
    const f = openRunner();
    try {
      const lines: string[] = [];
      const job = f.runner.submit(nodeJob(TREE, { timeoutMs: 1500, graceMs: 300 }), { onLine: (_s, line) => lines.push(line) });
      const pids = await until('the tree to start', () => pidsFrom(lines));
      const ended = await job.done;
      assert.equal(ended.state, 'FAILED');
      assert.equal(ended.reason, 'timed out after 1.5 s');
      assert.equal(ended.signal, 'SIGKILL');
      for (const pid of pids) await until(`process ${pid} to be gone`, () => (isProcessRunning(pid) ? undefined : true));
      assert.match(readFileSync(ended.log!, 'utf8'), /mlops: timed out after 1\.5 s; stopping the process tree/);
    } finally {
      f.close();
    }
  });

  it('a command that exits takes what it left in its process group along (the job does not hang on its pipes)', async () => {
    const f = openRunner();
    try {
      const script = "const g = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); g.unref(); console.log('pids ' + g.pid)";
      const lines: string[] = [];
      const ended = await f.runner.submit(nodeJob(script), { onLine: (_s, line) => lines.push(line) }).done;
      assert.equal(ended.state, 'SUCCEEDED');
      const [grandchild] = pidsFrom(lines)!;
      await until('the grandchild to be gone', () => (isProcessRunning(grandchild!) ? undefined : true));
    } finally {
      f.close();
    }
  });

  it('cancel: a running job ends CANCELLED with its tree down, a queued one at once; a finished or unknown one is refused', async () => {
    const f = openRunner({ concurrency: 1 });
    try {
      const lines: string[] = [];
      const running = f.runner.submit(nodeJob(TREE, { graceMs: 200 }), { onLine: (_s, line) => lines.push(line) });
      const queued = f.runner.submit(nodeJob('process.exit(0)'));
      const pids = await until('the tree to start', () => pidsFrom(lines));
      assert.equal(f.runner.cancel(queued.id).state, 'CANCELLED');
      assert.equal((await queued.done).reason, 'cancelled by the user');
      assert.equal(f.runner.cancel(running.id).state, 'RUNNING', 'ends once the tree is down');
      const ended = await running.done;
      assert.deepEqual([ended.state, ended.reason], ['CANCELLED', 'cancelled by the user']);
      for (const pid of pids) await until(`process ${pid} to be gone`, () => (isProcessRunning(pid) ? undefined : true));
      assert.throws(() => f.runner.cancel(running.id), (e: unknown) => e instanceof DomainError && e.code === 'INVALID_STATE' && /CANCELLED already/.test(e.message));
      assert.throws(() => f.runner.cancel(999), (e: unknown) => e instanceof DomainError && e.code === 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual(f.statesOf(queued.id), ['QUEUED', 'CANCELLED']);
    } finally {
      f.close();
    }
  });

  it('retries a failed attempt after a growing delay, and stops at the last attempt', async () => {
    const f = openRunner();
    try {
      const counter = join(tempDir(), 'attempts');
      const flaky = `const fs = require('fs'); const n = fs.existsSync('${counter}') ? Number(fs.readFileSync('${counter}', 'utf8')) + 1 : 1; fs.writeFileSync('${counter}', String(n)); process.exit(n < 3 ? 1 : 0)`;
      const ok = await f.runner.submit(nodeJob(flaky, { retries: 3, retryDelayMs: 10 })).done;
      assert.deepEqual([ok.state, ok.attempt, ok.maxAttempts, ok.exitCode, ok.reason], ['SUCCEEDED', 3, 4, 0, undefined]);
      assert.deepEqual(f.statesOf(ok.id), ['QUEUED', 'RUNNING', 'QUEUED', 'RUNNING', 'QUEUED', 'RUNNING', 'SUCCEEDED']);
      assert.deepEqual(
        f.changes.filter((j) => j.id === ok.id && j.state === 'QUEUED' && j.reason).map((j) => j.reason),
        ['attempt 1 failed (exit code 1); retrying in 10 ms', 'attempt 2 failed (exit code 1); retrying in 20 ms'],
      );
      const failed = await f.runner.submit(nodeJob('process.exit(4)', { retries: 1, retryDelayMs: 10 })).done;
      assert.deepEqual([failed.state, failed.attempt, failed.exitCode, failed.reason], ['FAILED', 2, 4, 'exit code 4']);
    } finally {
      f.close();
    }
  });

  it('captures stdout and stderr to the log and to listeners, line by line, and samples the tree', async () => {
    const f = openRunner();
    try {
      const lines: string[] = [];
      const chunks: string[] = [];
      let memoryMb = 0;
      // The last line comes once the test has seen a resource sample (the flag file), not after a delay.
      const flag = join(f.dir, 'sampled');
      const script = `console.log('metric loss=1'); console.error('a warning'); const t = setInterval(() => { if (require('fs').existsSync(${JSON.stringify(flag)})) { clearInterval(t); process.stdout.write('no newline at the end'); } }, 10)`;
      const job = f.runner.submit(nodeJob(script, { sampleMs: 50, logHeader: '$ train' }), {
        onLine: (stream, line) => lines.push(`${stream}: ${line}`),
        onChunk: (_stream, text) => chunks.push(text),
        onSample: (usage) => {
          memoryMb = Math.max(memoryMb, usage.memoryMb);
          if (memoryMb > 0) writeFileSync(flag, '');
        },
      });
      const ended = await job.done;
      assert.equal(ended.state, 'SUCCEEDED');
      assert.deepEqual(lines.sort(), ['stderr: a warning', 'stdout: metric loss=1', 'stdout: no newline at the end']);
      assert.match(chunks.join(''), /no newline at the end/);
      assert.equal(ended.log, join(f.dir, 'logs', `job-${ended.id}.log`));
      const log = readFileSync(ended.log!, 'utf8');
      assert.ok(log.startsWith('$ train\n'), log);
      for (const text of ['metric loss=1', 'a warning', 'no newline at the end']) assert.ok(log.includes(text), log);
      assert.ok(memoryMb > 0, 'resource samples reached the listener');
    } finally {
      f.close();
    }
  });

  it('a command that cannot start fails with the reason; bad specs are refused before anything runs', async () => {
    const f = openRunner();
    try {
      const ended = await f.runner.submit({ kind: 'stage', command: [join(f.dir, 'no-such-program')], cwd: f.dir }).done;
      assert.equal(ended.state, 'FAILED');
      assert.match(ended.reason!, /^cannot start: spawn .*no-such-program ENOENT$/);
      assert.equal(ended.exitCode, 127);
      assert.throws(() => f.runner.submit({ kind: 'stage', command: [], cwd: f.dir }), /A job needs a command/);
      assert.throws(() => f.runner.submit({ kind: 'stage', command: '  ', cwd: f.dir }), /A job needs a command/);
      assert.throws(() => f.runner.submit(nodeJob('', { retries: -1 })), /retries must be/);
      assert.equal(f.runner.list().length, 1, 'a refused spec leaves no row');
    } finally {
      f.close();
    }
  });

  it('announces each job’s states in order, also with several jobs at once; close() cancels what is left', async () => {
    const f = openRunner({ concurrency: 2 });
    const go = join(f.dir, 'go');
    const env = { ...process.env, GO: go };
    const quick = [0, 1, 2].map((code) => f.runner.submit(nodeJob(`process.exit(${code})`)));
    await Promise.all(quick.map((j) => j.done));
    for (const [i, job] of quick.entries()) assert.deepEqual(f.statesOf(job.id), ['QUEUED', 'RUNNING', i === 0 ? 'SUCCEEDED' : 'FAILED']);
    const waiting = [1, 2, 3].map(() => f.runner.submit(nodeJob(WAIT_FOR_GO, { env })));
    await until('two to run', () => (f.runner.list().filter((j) => j.state === 'RUNNING').length === 2 ? true : undefined));
    f.runner.close();
    const ended = await Promise.all(waiting.map((j) => j.done));
    assert.deepEqual(ended.map((j) => [j.state, j.reason]), Array(3).fill(['CANCELLED', 'the runtime stopped']));
    assert.deepEqual(f.runner.list(3).map((j) => j.state), ['CANCELLED', 'CANCELLED', 'CANCELLED'], 'stored at close, before the trees were down');
    assert.throws(() => f.runner.submit(nodeJob('')), (e: unknown) => e instanceof DomainError && e.code === 'TEMPORARILY_UNAVAILABLE');
    assert.ok(!existsSync(go));
    f.store.close();
  });
});
