import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { tempDir } from '../helpers/temp';

type LazyModules = (lazy?: { builtins?: string[]; packages?: string[] }) => esbuild.Plugin;

const ENTRY = `
import { gzipSync, constants } from 'node:zlib';
import zlibDefault from 'zlib';
import * as os from 'node:os';
import { greet, Greeter } from 'fake-pkg';
const loaded = () => ({ zlib: process.moduleLoadList.includes('NativeModule zlib'), pkg: globalThis.fakePkgLoaded === true });
export const atStart = loaded();
export function use() {
  const zipped = gzipSync('hello').length > 0 && zlibDefault.gunzipSync(gzipSync('x')).toString() === 'x';
  return { zipped, level: constants.Z_BEST_SPEED, eol: os.EOL, greeting: greet('you'), greeter: new Greeter().name, after: loaded() };
}
`;

/** Bundles ENTRY as the CLI bundle is built and runs it in a fresh Node. */
async function buildAndRun(plugin: esbuild.Plugin): Promise<{ atStart: { zlib: boolean; pkg: boolean }; used: Record<string, unknown> }> {
  const dir = tempDir();
  mkdirSync(join(dir, 'node_modules', 'fake-pkg'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'fake-pkg', 'package.json'), JSON.stringify({ name: 'fake-pkg', main: 'index.js' }));
  writeFileSync(
    join(dir, 'node_modules', 'fake-pkg', 'index.js'),
    'globalThis.fakePkgLoaded = true;\nexports.greet = (who) => `hello ${who}`;\nexports.Greeter = class Greeter { name = "g"; };\n',
  );
  writeFileSync(join(dir, 'entry.ts'), ENTRY);
  await esbuild.build({ entryPoints: [join(dir, 'entry.ts')], outfile: join(dir, 'out.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', plugins: [plugin] });
  const script = `const b = require(${JSON.stringify(join(dir, 'out.js'))}); const atStart = b.atStart; console.log(JSON.stringify({ atStart, used: b.use() }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { atStart: { zlib: boolean; pkg: boolean }; used: Record<string, unknown> };
}

describe('lazy modules in the CLI/runtime bundle (scripts/lazy-modules.mjs)', () => {
  it('loads a listed built-in and package on first use, and named, default and namespace imports all work', async () => {
    const { lazyModules } = (await import(pathToFileURL(resolve('scripts/lazy-modules.mjs')).href)) as { lazyModules: LazyModules };
    const { atStart, used } = await buildAndRun(lazyModules({ builtins: ['zlib', 'os'], packages: ['fake-pkg'] }));
    assert.deepEqual(atStart, { zlib: false, pkg: false });
    assert.deepEqual(used, { zipped: true, level: 1, eol: '\n', greeting: 'hello you', greeter: 'g', after: { zlib: true, pkg: true } });
  });

  it('leaves modules it is not given eager', async () => {
    const { lazyModules } = (await import(pathToFileURL(resolve('scripts/lazy-modules.mjs')).href)) as { lazyModules: LazyModules };
    const { atStart } = await buildAndRun(lazyModules({ builtins: [], packages: [] }));
    assert.deepEqual(atStart, { zlib: true, pkg: true });
  });
});
