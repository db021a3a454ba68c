import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readPointer } from '../../src/core/data';
import { ConfigDocument } from '../../src/core/workspace';
import { checkDocument } from '../../src/core/config';
import { tempDir } from '../helpers/temp';

// Whatever a cloned repository holds, the parsers answer with problems, never a throw; each
// problem points at a line of the file.

const KEYS = ['version', 'data', 'track', 'remote', 'models', 'protected_aliases', 'allowed_sources', 'monitors', 'name', 'model', 'window', 'rows', 'min_rows', 'alerts', 'when', 'serving', 'port', 'max_rows_per_request', 'prediction_log', 'outs', 'md5', 'path', 'dat', 'x-a'];
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('../../etc/passwd', '/etc/shadow', '.mlops', '*/*.csv', 'a'.repeat(300)));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 5 })),
})).node;
const text = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }).map((doc) => stringify(doc)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('a: &a [1]\nb: [*a, *a, *a]\n', 'data: {track: [', '- - - -\n', '\t\tdata:\n', '? [a]\n: b\n', 'data: !!binary x\n'),
);

describe('parsers under random input (fast-check, seeded)', () => {
  it('mlops.yaml: never throws; every problem has a line inside the file', () => {
    const root = tempDir();
    fc.assert(
      fc.property(text, (yamlText) => {
        const checked = checkDocument(ConfigDocument.parse(yamlText), root);
        const lines = yamlText.split('\n').length;
        for (const p of checked.problems) assert.ok(p.line >= 1 && p.line <= lines + 1 && p.column >= 1, `${p.line}:${p.column} of ${lines} lines: ${p.message}`);
        for (const spec of checked.config.data.track) assert.ok(!spec.startsWith('/') && !spec.split('/').includes('..'), `track entry ${spec} leaves the workspace`);
      }),
      { seed: 1513, numRuns: 400 },
    );
  });

  it('.dvc pointer files: a PointerError or a pointer, nothing else', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    let n = 0;
    fc.assert(
      fc.property(text, (pointerText) => {
        const file = join(dir, `p${n++}.dvc`);
        writeFileSync(file, pointerText);
        try {
          const out = readPointer(file);
          assert.equal(typeof out.path, 'string');
          assert.match(out.md5, /^[0-9a-f]{32}(\.dir)?$/);
        } catch (error) {
          assert.equal((error as Error).name, 'PointerError', (error as Error).stack);
        }
      }),
      { seed: 1514, numRuns: 300 },
    );
    assert.equal(readdirSync(dir).length, n);
  });
});
