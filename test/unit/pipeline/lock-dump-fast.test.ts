import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PyFloat, dumpPy } from '../../../src/core/pipeline';
import { fastStageSnippet } from '../../../src/core/pipeline/lock-dump-fast';

const asDumped = (name: string, data: Record<string, unknown>): string => dumpPy({ stages: { [name]: data } }).slice('stages:\n'.length);

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Mostly from the first four (the common kind), sometimes anything. */
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * (r() < 0.85 ? Math.min(4, xs.length) : xs.length))]!;
const hex = (r: () => number, digitsOnly = false): string => Array.from({ length: 32 }, () => pick(r, digitsOnly ? [...'0123456789'] : [...'0123456789abcdef'])).join('');

const WORDS = ['data/raw', 'out/s0.txt', 'model.pkl', 'train@1', 'params.yaml', 'a_b-c.d', 'yes', 'No', 'null', 'true', '1.5', '123', 'x:y', 'a #b', "it's", 'é.txt', 'p0', 'lr', '~', '-dash', '@at'];
const COMMANDS = ['python train.py', 'cat data/part0/* > out/s0.txt', 'echo 3 > o3.txt', 'sleep 1 && echo 0 > o0.txt', 'a: b', 'x # y', 'trailing ', 'two  spaces', '"quoted"', `python ${'long/'.repeat(14)}train.py --epochs 10`, 'yes', '- item', '{a}', 'run [1]'];
const VALUES: unknown[] = [0, true, 'adam', 42, -1, 1, 1.5, new PyFloat(1), true, false, null, 'adam', 'yes', '1e5', '', 'a b', [1, 2], { nested: 1 }];

function item(r: () => number): Record<string, unknown> {
  return {
    path: pick(r, WORDS),
    ...(r() < 0.8 && { hash: 'md5' }),
    md5: `${hex(r, r() < 0.1)}${r() < 0.3 ? '.dir' : ''}`,
    ...(r() < 0.9 && { size: Math.floor(r() * 1e7) }),
    ...(r() < 0.3 && { nfiles: Math.floor(r() * 1000) }),
  };
}

function entry(r: () => number): Record<string, unknown> {
  const data: Record<string, unknown> = { cmd: pick(r, COMMANDS) };
  if (r() < 0.8) data.deps = Array.from({ length: 1 + Math.floor(r() * 3) }, () => item(r));
  if (r() < 0.6) data.params = { [pick(r, ['params.yaml', 'conf/train.yaml'])]: Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 3) }, () => [pick(r, WORDS), pick(r, VALUES)])) };
  if (r() < 0.9) data.outs = Array.from({ length: 1 + Math.floor(r() * 2) }, () => item(r));
  return data;
}

describe('dvc.lock entries written without the YAML library', () => {
  it('writes the common entry byte for byte as dumpPy does', () => {
    const data = {
      cmd: 'cat data/part0/* > out/s0.txt',
      deps: [{ path: 'data/part0', hash: 'md5', md5: 'f3a1c0e2b4d5968778695a4b3c2d1e0f.dir', size: 3800, nfiles: 10 }],
      params: { 'params.yaml': { p0: 0, flag: true, name: 'adam' } },
      outs: [{ path: 'out/s0.txt', hash: 'md5', md5: '0123456789abcdef0123456789abcdef', size: 380 }],
    };
    assert.equal(fastStageSnippet('s0', data), asDumped('s0', data));
  });

  it('agrees with dumpPy on every generated entry it writes, and leaves the rest to it', () => {
    const r = random(17);
    let written = 0;
    for (let i = 0; i < 3000; i++) {
      const name = pick(r, ['train', 's12', 'train@1', 'yes', '1', 'a:b']);
      const data = entry(r);
      const fast = fastStageSnippet(name, data);
      if (fast === undefined) continue;
      written++;
      assert.equal(fast, asDumped(name, data), `case ${i}: ${JSON.stringify({ name, data })}`);
    }
    assert.ok(written > 100, `only ${written} entries took the fast path`);
  });

  it('leaves list commands, floats, nested params and numeric-looking md5s to dumpPy', () => {
    const out = [{ path: 'o.txt', hash: 'md5', md5: '0123456789abcdef0123456789abcdef', size: 1 }];
    assert.equal(fastStageSnippet('s', { cmd: ['a', 'b'], outs: out }), undefined);
    assert.equal(fastStageSnippet('s', { cmd: 'a', params: { 'params.yaml': { lr: 0.1 } }, outs: out }), undefined);
    assert.equal(fastStageSnippet('s', { cmd: 'a', params: { 'params.yaml': { opt: { lr: 1 } } }, outs: out }), undefined);
    assert.equal(fastStageSnippet('s', { cmd: 'a', outs: [{ ...out[0], md5: '12345678901234567890123456789012' }] }), undefined);
  });
});
