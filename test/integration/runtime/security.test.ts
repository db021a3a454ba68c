import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { rawRequest } from '../../helpers/http';
import { tempDir } from '../../helpers/temp';

describe('runtime HTTP boundary', () => {
  let runtime: Runtime;
  let port: number;
  let auth: Record<string, string>;

  before(async () => {
    const result = await Runtime.start({
      workspace: tempDir(),
      log: () => undefined,
      timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 500, checkIntervalMs: 100 },
    });
    assert.equal(result.kind, 'started');
    runtime = result.kind === 'started' ? result.runtime : (undefined as never);
    port = runtime.info.port;
    auth = { authorization: `Bearer ${runtime.info.token}` };
  });
  after(() => runtime.stop('test done'));

  it('answers GET /health without a token', async () => {
    const res = await rawRequest(port, { path: '/health' });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json() as object).sort(), ['pid', 'status', 'version']);
  });

  it('refuses every other route without the right bearer token (401)', async () => {
        const runId = 'a'.repeat(32);
    const refused = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${runtime.info.token}` },
      { authorization: `Bearer ${runtime.info.token}x` },
      { authorization: `Bearer ${runtime.info.token}.defaulted-run.${runId}x` },
      { authorization: `Bearer nope${runtime.info.token.slice(4)}.defaulted-run.${runId}` },
    ];
    for (const headers of refused as Record<string, string>[]) {
      const res = await rawRequest(port, { path: '/api/status', headers });
      assert.equal(res.status, 401);
      assert.equal((res.json() as { error_code: string }).error_code, 'UNAUTHENTICATED');
    }
    const ok = await rawRequest(port, { path: '/api/status', headers: auth });
    assert.equal(ok.status, 200);
    const attached = await rawRequest(port, { path: '/api/status', headers: { authorization: `Bearer ${runtime.info.token}.defaulted-run.${runId}` } });
    assert.equal(attached.status, 200, 'the token mlops run hands a script whose experiment it defaulted');
  });

  it('refuses a Host other than 127.0.0.1 or localhost on its port (403), even for /health', async () => {
    for (const host of ['evil.example', 'evil.example:' + port, '127.0.0.1:1', '10.0.0.1:' + port, `127.0.0.1.evil.example:${port}`]) {
      const res = await rawRequest(port, { path: '/health', headers: { host } });
      assert.equal(res.status, 403, `Host "${host}"`);
    }
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST']) {
      const res = await rawRequest(port, { path: '/health', headers: { host } });
      assert.equal(res.status, 200, `Host "${host}"`);
    }
  });

  it('refuses browser cross-origin requests, token or not (403)', async () => {
    const cases: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await rawRequest(port, { path: '/api/status', headers: { ...auth, ...headers } });
      assert.equal(res.status, 403, JSON.stringify(headers));
      const preflight = await rawRequest(port, { method: 'OPTIONS', path: '/api/status', headers });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    }
  });

  it('answers unknown routes with 404 and a JSON error', async () => {
    const res = await rawRequest(port, { path: '/api/nothing-here', headers: auth });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { error_code: 'ENDPOINT_NOT_FOUND', message: 'No route for GET /api/nothing-here' });
  });

  it('answers malformed JSON with 400 and keeps running', async () => {
    const res = await rawRequest(port, { method: 'POST', path: '/api/shutdown', headers: { ...auth, 'content-type': 'application/json' }, body: '{"reason": ' });
    assert.equal(res.status, 400);
    assert.equal((res.json() as { error_code: string }).error_code, 'MALFORMED_REQUEST');
    const wrongType = await rawRequest(port, { method: 'POST', path: '/api/shutdown', headers: { ...auth, 'content-type': 'application/json' }, body: '{"reason": 5}' });
    assert.equal(wrongType.status, 400);
    assert.equal((await rawRequest(port, { path: '/health' })).status, 200);
  });

  it('refuses a huge body with 413, by its declared length or as it streams in', async () => {
    const head = `POST /api/shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${runtime.info.token}\r\nContent-Type: application/json\r\n`;
    const declared = await rawSocketExchange(port, head + 'Content-Length: 52428800\r\n\r\n{"reason": "');
    assert.match(declared, /^HTTP\/1\.1 413/);
    assert.match(declared, /REQUEST_TOO_LARGE/);
    const streamed = await rawSocketExchange(port, head + 'Transfer-Encoding: chunked\r\n\r\n', (socket) => {
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const frame = Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]);
      let sent = 0;
      const pump = (): void => {
        while (sent < 40 && !socket.destroyed) {
          sent++;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    assert.match(streamed, /^HTTP\/1\.1 413/);
    assert.equal((await rawRequest(port, { path: '/health' })).status, 200);
  });

  it('drops a client that never finishes sending its headers (408)', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    assert.match(reply, /^HTTP\/1\.1 408/);
  });
});

/** Writes `text` (then whatever `more` writes) on a raw socket; resolves with all it read back. */
function rawSocketExchange(port: number, text: string, more?: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (c: Buffer) => {
      reply += c.toString();
      if (reply.includes('\r\n\r\n') && reply.includes('}')) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(reply));
    socket.write(text);
    more?.(socket);
  });
}
