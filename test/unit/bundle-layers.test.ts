import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
}

function metafile(name: string): Metafile {
  return JSON.parse(readFileSync(join(ROOT, 'dist', `${name}.meta.json`), 'utf8')) as Metafile;
}

describe('bundle layering (esbuild metafile)', () => {
  it('the extension bundle holds no core code, native module or watcher', () => {
    const meta = metafile('extension');
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.some((i) => i.startsWith('src/extension/')), 'the metafile describes the extension bundle');
    const forbidden = inputs.filter((i) => /^src\/(core|runtime|cli)\/|node_modules\/(better-sqlite3|onnxruntime-node|onnxruntime-common|chokidar)\//.test(i));
    assert.deepEqual(forbidden, []);
    const imports = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path));
    const nativeImports = imports.filter((p) => /better-sqlite3|onnxruntime|chokidar|node:sqlite/.test(p));
    assert.deepEqual(nativeImports, []);
  });

  it('the CLI bundle keeps native modules external', () => {
    const meta = metafile('cli');
    const inputs = Object.keys(meta.inputs);
    assert.deepEqual(inputs.filter((i) => /node_modules\/(better-sqlite3|onnxruntime-node)\//.test(i)), []);
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    assert.ok(external.includes('better-sqlite3'));
  });
});
