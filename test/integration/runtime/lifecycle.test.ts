import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

describe('mlops runtime process', () => {
  it('binds 127.0.0.1, writes runtime.json with mode 0600 and removes it on SIGTERM', async () => {
    const ws = tempDir();
    const rt = await startRuntimeProcess(ws);
    const file = join(ws, '.mlops', 'runtime.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(rt.info.pid, rt.child.pid);
    assert.ok(rt.info.token.length >= 32);
    const health = await fetch(`http://127.0.0.1:${rt.info.port}/health`);
    assert.equal(health.status, 200);
    rt.child.kill('SIGTERM');
    assert.equal(await rt.exited, 0);
    assert.equal(existsSync(file), false);
    assert.ok(existsSync(join(ws, '.mlops', 'mlops.db')));
  });

  it('a second runtime in the same workspace finds the live one and exits 0', async () => {
    const ws = tempDir();
    const rt = await startRuntimeProcess(ws);
    try {
      const second = await runCli(['runtime', '--workspace', ws]);
      assert.equal(second.code, 0);
      assert.match(second.stdout, new RegExp(`already running .* port|already running.*127\\.0\\.0\\.1:${rt.info.port}`));
      assert.equal(JSON.parse(readFileSync(join(ws, '.mlops', 'runtime.json'), 'utf8')).pid, rt.info.pid);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });

  it('replaces a stale runtime.json (dead pid) and a garbled one', async () => {
    for (const stale of [
      JSON.stringify({ pid: 2 ** 22 + 12345, port: 9, token: 'x'.repeat(64), version: '0.0.1' }),
      '{"pid": 12, "port": ',
    ]) {
      const ws = tempDir();
      const file = join(ws, '.mlops', 'runtime.json');
      await runCli(['init', '--workspace', ws]);
      writeFileSync(file, stale);
      const rt = await startRuntimeProcess(ws);
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, rt.child.pid);
      rt.child.kill('SIGTERM');
      assert.equal(await rt.exited, 0);
    }
  });

  it('says which port is in use and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['runtime', '--workspace', tempDir(), '--port', String(port)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`Port ${port} on 127.0.0.1 is in use`));
    } finally {
      blocker.close();
    }
  });

  it('says the workspace cannot be written and exits 1', async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'a-file'), '');
    const result = await runCli(['runtime', '--workspace', join(ws, 'a-file', 'project')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot write .*\.mlops.*make the workspace writable/);
  });

  it('reports a corrupt database with its path and leaves it in place', async () => {
    const ws = tempDir();
    await runCli(['init', '--workspace', ws]);
    const db = join(ws, '.mlops', 'mlops.db');
    writeFileSync(db, 'garbage '.repeat(1000));
    const result = await runCli(['runtime', '--workspace', ws]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(db), result.stderr);
    assert.equal(readFileSync(db, 'utf8'), 'garbage '.repeat(1000));
  });

  it('on SIGTERM finishes a request already in flight before exiting', async () => {
    const ws = tempDir();
    const rt = await startRuntimeProcess(ws);
    const body = JSON.stringify({ reason: 'slow client' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: rt.info.port, method: 'POST', path: '/api/shutdown', headers: { authorization: `Bearer ${rt.info.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => {
        rt.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(5)), 300);
      }, 200);
    });
    const { status, text } = await response;
    assert.equal(status, 200);
    assert.equal(text, '{}');
    assert.equal(await rt.exited, 0);
    assert.match(rt.output(), /runtime stopping: received SIGTERM/);
  });
});
