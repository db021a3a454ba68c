import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { dirManifest, md5Bytes, pythonJsonString } from '../../../src/core/data';

/** The manifest as DVC writes it, built the plain way: one sort by code point, one string. */
function reference(entries: { relpath: string; md5: string }[]): string {
  const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);
  const sorted = [...entries].sort((a, b) => {
    const x = codePoints(a.relpath);
    const y = codePoints(b.relpath);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
  return `[${sorted.map((e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`).join(', ')}]`;
}

describe('a .dir manifest of many entries (built and hashed in chunks)', () => {
  for (const astral of [false, true]) {
    it(`equals the plain build byte for byte, over several MiB${astral ? ', with astral characters' : ''}`, () => {
      const entries = Array.from({ length: 40_000 }, (_, i) => ({ relpath: `${i % 3 ? 'd/' : ''}${astral && i % 1000 === 0 ? '😀' : 'é'}f${(i * 7919) % 40_000}.txt`, md5: md5Bytes(String(i)) }));
      const text = reference(entries);
      const { bytes, md5 } = dirManifest(entries);
      assert.ok(bytes.length > 2 * 1024 * 1024);
      assert.equal(bytes.toString('utf8'), text);
      assert.equal(md5, `${createHash('md5').update(text).digest('hex')}.dir`);
    });
  }
});
