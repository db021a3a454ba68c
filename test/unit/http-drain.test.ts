import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { answerThenDrain, createHttpServer, readBody, Router } from '../../src/runtime/http';
import { uploadThenRead } from '../helpers/upload';

const MB = 1024 * 1024;

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('over-limit bodies are answered, not reset', () => {
  const servers: Server[] = [];
  after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it('gives 10 clients sending 5 MB to a 1 MB route their 413, by Content-Length and chunked', async () => {
    const router = new Router().post('/small', async ({ json }) => json(MB));
    const server = createHttpServer({ router, token: 't', port: () => port });
    servers.push(server);
    const port = await listening(server);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => uploadThenRead(port, { path: '/small', headers: { authorization: 'Bearer t' }, bytes: 5 * MB, chunked: i >= 5 })),
    );
    for (const [i, outcome] of outcomes.entries()) {
      assert.deepEqual([outcome.status, outcome.error], [413, undefined], `client ${i} (${i >= 5 ? 'chunked' : 'Content-Length'})`);
      assert.match(outcome.text, /connection: close/i);
      assert.match(outcome.text, /over the limit of 1048576 bytes/);
    }
  });

  it('still cuts a client whose refused body goes on past the drain bounds', async () => {
    const server = createServer((req, res) => {
      readBody(req, MB).then(
        () => res.end('ok'),
        () => answerThenDrain(req, res, 413, { 'content-type': 'application/json' }, '{"error_code":"REQUEST_TOO_LARGE"}', { maxBytes: 2 * MB, maxMs: 10_000 }),
      );
    });
    servers.push(server);
    const port = await listening(server);
    const outcome = await uploadThenRead(port, { path: '/', bytes: 64 * MB });
    assert.equal(outcome.status, 413, 'the answer went out first');
    assert.ok(outcome.error, 'then the connection was cut');
  });

  it('closes a connection whose refused body stalls, once the drain time is up', async () => {
    const server = createServer((req, res) => {
      readBody(req, 10).then(
        () => res.end('ok'),
        () => answerThenDrain(req, res, 413, {}, 'too large', { maxBytes: MB, maxMs: 200 }),
      );
    });
    servers.push(server);
    const port = await listening(server);
    const started = Date.now();
    const text = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(100)));
      let got = '';
      socket.on('data', (d: Buffer) => (got += d.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(got));
    });
    assert.match(text, /^HTTP\/1\.1 413/);
    assert.ok(Date.now() - started < 5_000, 'closed by the drain timer, not a server timeout');
  });
});
