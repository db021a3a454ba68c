import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpServer, jsonNestingOver, MAX_JSON_DEPTH, Router } from '../../src/runtime/http';
import { rawRequest } from '../helpers/http';

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonNestingOver', () => {
  it('allows nesting up to the limit and reports the first byte past it', () => {
    assert.equal(jsonNestingOver(Buffer.from(arrays(400)), 400), undefined);
    assert.equal(jsonNestingOver(Buffer.from(objects(400)), 400), undefined);
    assert.deepEqual(jsonNestingOver(Buffer.from(arrays(401)), 400), { at: 400 });
    assert.deepEqual(jsonNestingOver(Buffer.from(`{"x":${objects(401)}}`), 400), { at: 5 + 399 * 5 });
  });

  it('counts depth, not brackets: many shallow values pass', () => {
    const wide = `[${Array.from({ length: 5_000 }, () => '{"k":[1]}').join(',')}]`;
    assert.equal(jsonNestingOver(Buffer.from(wide), 400), undefined);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '['.repeat(1_000), t: `\\"${'{'.repeat(1_000)}`, u: '"[[[[' });
    assert.equal(jsonNestingOver(Buffer.from(text), 10), undefined);
    assert.ok(jsonNestingOver(Buffer.from(`["\\\\", ${arrays(20)}]`), 10), 'an escaped backslash ends before the closing quote');
  });

  it('reads UTF-8 bytes: multi-byte characters never look like brackets', () => {
    assert.equal(jsonNestingOver(Buffer.from(JSON.stringify({ s: '💥[é]{'.repeat(500) })), 3), undefined);
  });
});

describe('JSON bodies on a real server', () => {
  const router = new Router().post('/echo', async ({ json }) => ({ got: await json() }));
  const server = createHttpServer({ router, token: 't', port: () => (server.address() as AddressInfo).port });
  let port = 0;
  const post = (body: string) => rawRequest(port, { method: 'POST', path: '/echo', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} with 400 MALFORMED_REQUEST, at any depth asked`, async () => {
    assert.equal((await post(`{"a":${arrays(MAX_JSON_DEPTH - 1)}}`)).status, 200);
    for (const depth of [MAX_JSON_DEPTH + 1, 5_000, 1_000_000]) {
      const res = await post(`{"a":${arrays(depth)}}`);
      assert.equal(res.status, 400, `depth ${depth}`);
      assert.match(res.text, /MALFORMED_REQUEST.*deeper than 400/);
    }
  });

  it('refuses a body that is JSON but not an object (null, arrays, scalars) with 400', async () => {
    for (const body of ['null', '[]', '[{"path":"x"}]', '0', '"path"', 'true']) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
      assert.deepEqual(Object.keys(res.json() as object), ['error_code', 'message']);
      assert.match(res.text, /INVALID_PARAMETER_VALUE.*must be a JSON object/);
    }
    assert.deepEqual((await post('')).json(), { got: {} }, 'an empty body is an empty object');
  });
});
