import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { PyFloat, dumpPy, lockEntryData, parsePy } from '../../../src/core/pipeline';
import type { Stage } from '../../../src/core/pipeline';

const FIXTURE_LOCK = readFileSync(resolve(__dirname, '../../fixtures/dvc-example/dvc.lock'), 'utf8');

describe('dvc.lock as DVC writes it', () => {
  it('writes back the dvc.lock DVC wrote, byte for byte', () => {
    assert.equal(dumpPy(parsePy(FIXTURE_LOCK)), FIXTURE_LOCK);
  });

  it('keeps floats as Python writes them (1.0, 0.2, 1.0e-05) and quotes strings that look like other types', () => {
    const text = "a: 1.0\nb: 0.2\nc: 1.0e-05\nd: 3\ne: '2.0'\nf: 'true'\ng: 1.5e+20\n";
    const data = parsePy(text) as Record<string, unknown>;
    assert.ok(data.a instanceof PyFloat);
    assert.equal(data.b, 0.2);
    assert.equal(dumpPy(data), text);
  });

  it('orders an entry as serialize.to_single_stage_lockfile does: cmd, deps, params, outs; by path; params.yaml first, keys sorted', () => {
    const stage = { cmd: 'python t.py' } as Stage;
    const item = (path: string) => ({ path, md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 0, hashMd5: true });
    const data = lockEntryData(stage, { cmd: 'x', outs: [item('z'), item('b')], params: { 'b.yaml': { y: 1, x: 2 }, 'params.yaml': { lr: 1 }, 'a.json': { k: 1 } }, deps: [item('src/t.py'), item('data')] });
    assert.deepEqual(Object.keys(data), ['cmd', 'deps', 'params', 'outs']);
    assert.deepEqual((data.deps as { path: string }[]).map((d) => d.path), ['data', 'src/t.py']);
    assert.deepEqual(Object.keys(data.params as object), ['params.yaml', 'a.json', 'b.yaml']);
    assert.deepEqual(Object.keys((data.params as Record<string, object>)['b.yaml']!), ['x', 'y']);
    assert.deepEqual((data.outs as { path: string }[]).map((d) => d.path), ['b', 'z']);
    assert.deepEqual(Object.keys((data.outs as object[])[0]!), ['path', 'hash', 'md5', 'size']);
  });
});
