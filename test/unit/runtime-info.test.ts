import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseRuntimeInfo } from '../../src/shared/runtime-info';
import { VERSION } from '../../src/shared/version';

describe('runtime.json', () => {
  it('parses a complete file', () => {
    const info = { pid: 42, port: 5000, token: 'a'.repeat(64), version: '0.1.0' };
    assert.deepEqual(parseRuntimeInfo(JSON.stringify(info)), info);
  });

  it('rejects garbled or incomplete files', () => {
    for (const text of ['', '{', 'null', '[]', '{"pid":1,"port":0,"token":"aaaaaaaaaaaaaaaaaaaa","version":"1"}', '{"pid":1,"port":80,"token":"short","version":"1"}']) {
      assert.equal(parseRuntimeInfo(text), undefined, text);
    }
  });

  it('carries the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });
});
