import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DOMAIN_ERROR_CODES, DomainError, alreadyExists, fromErrno, invalid, notFound } from '../../src/core/errors';
import { PointerError } from '../../src/core/data';
import { CronError } from '../../src/core/monitoring';
import { WireFormatError } from '../../src/core/models';
import { ModelLoadError } from '../../src/core/models';
import { StoreError } from '../../src/core/store';
import { SearchSyntaxError } from '../../src/core/tracking';
import { ApiError, createHttpServer, ERROR_STATUS, Router, toApiError } from '../../src/runtime/http';
import { shown } from '../../src/runtime/http/shown';
import { rawRequest } from '../helpers/http';
import { tempDir } from '../helpers/temp';

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const mapped = (error: unknown) => {
  const api = toApiError(error);
  return [api.code, api.status];
};

describe('the error catalogue', () => {
  it('keeps invalid(), notFound() and alreadyExists(), and every domain code has a status', () => {
    assert.deepEqual(mapped(invalid('x')), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(notFound('x')), ['RESOURCE_DOES_NOT_EXIST', 404]);
    assert.deepEqual(mapped(alreadyExists('x')), ['RESOURCE_ALREADY_EXISTS', 400]);
    for (const code of DOMAIN_ERROR_CODES) assert.equal(toApiError(new DomainError(code, 'm')).status, ERROR_STATUS[code], code);
  });

  it("maps core's other error classes to a 4xx when the input is at fault", () => {
    assert.deepEqual(mapped(new SearchSyntaxError('a = ', 4, 'expected a value')), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(new CronError('unknown shorthand')), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(new WireFormatError('truncated varint', 12)), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(new ModelLoadError('not an ONNX model')), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(new PointerError('data.csv.dvc', 'no outs')), ['INVALID_STATE', 400]);
  });

  it("answers the store's failures with a code of their own, never INTERNAL_ERROR", () => {
    assert.deepEqual(mapped(new StoreError('STORE_LOCKED', 'locked', 'db')), ['TEMPORARILY_UNAVAILABLE', 503]);
    assert.deepEqual(mapped(new StoreError('STORE_CORRUPT', 'corrupt', 'db')), ['DATA_LOSS', 500]);
    assert.deepEqual(mapped(new StoreError('STORE_UNWRITABLE', 'read-only', 'db')), ['IO_ERROR', 500]);
    assert.deepEqual(mapped(new StoreError('STORE_TOO_NEW', 'newer', 'db')), ['TEMPORARILY_UNAVAILABLE', 503]);
  });

  it('maps filesystem errors by errno: ENOENT 404, ENAMETOOLONG/ENOTDIR/EISDIR 400, EACCES 403', () => {
    const dir = tempDir();
    assert.deepEqual(mapped(thrownBy(() => readFileSync(join(dir, 'missing')))), ['RESOURCE_DOES_NOT_EXIST', 404]);
    assert.deepEqual(mapped(thrownBy(() => readFileSync(join(dir, 'x'.repeat(5_000))))), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(thrownBy(() => readFileSync(dir))), ['INVALID_PARAMETER_VALUE', 400]);
    assert.deepEqual(mapped(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: '/root/x' })), ['PERMISSION_DENIED', 403]);
    const long = fromErrno(thrownBy(() => readFileSync(join(dir, 'y'.repeat(5_000)))))!;
    assert.ok(long.message.length < 400, 'a long path is cut in the message');
    assert.match(long.message, /too long \(ENAMETOOLONG\)/);
  });

  it('leaves anything else unexpected: INTERNAL_ERROR 500', () => {
    assert.deepEqual(mapped(new TypeError('x is undefined')), ['INTERNAL_ERROR', 500]);
    assert.deepEqual(mapped(Object.assign(new Error('weird'), { code: 'ERR_SOMETHING' })), ['INTERNAL_ERROR', 500]);
    assert.deepEqual(mapped('a string'), ['INTERNAL_ERROR', 500]);
  });

  it('shows request values in messages cut short, and never throws on deep ones', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(shown(deep), '[…]');
    assert.match(shown('x'.repeat(10_000)), /^"x{199}… \(10002 characters\)$/);
    assert.equal(shown(undefined), 'undefined');
  });
});

describe('answers of the request pipeline', () => {
  const log: string[] = [];
  const router = new Router()
    .get('/bug', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    })
    .get('/missing', () => readFileSync('/nonexistent/mlops-test-file'))
    .get('/api', () => {
      throw new ApiError('RESOURCE_DOES_NOT_EXIST', 'No run');
    });
  const server = createHttpServer({ router, token: 't', port: () => (server.address() as AddressInfo).port, log: (line) => log.push(line) });
  let port = 0;
  const get = (path: string) => rawRequest(port, { path, headers: { authorization: 'Bearer t' } });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers an unexpected error 500 with a request id that the log line with its stack names too', async () => {
    const res = await get('/bug');
    assert.equal(res.status, 500);
    const id = res.headers['x-request-id'] as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const body = res.json() as { error_code: string; message: string };
    assert.equal(body.error_code, 'INTERNAL_ERROR');
    assert.ok(body.message.includes(id), body.message);
    assert.ok(!body.message.includes('at '), 'no stack in the answer');
    const line = log.find((l) => l.includes(id));
    assert.ok(line, 'the log names the request id');
    assert.match(line, /GET \/bug failed .*unexpected.*TypeError[\s\S]*http-errors\.test\.ts/);
  });

  it('answers errors of the catalogue with their code and no log line', async () => {
    const before = log.length;
    assert.equal((await get('/missing')).status, 404);
    const api = await get('/api');
    assert.equal(api.status, 404);
    assert.deepEqual(api.json(), { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'No run' });
    assert.equal(log.length, before);
  });
});
