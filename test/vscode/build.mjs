// Bundles the extension-host suites into out/vscode-tests (vscode and mocha stay external).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = readdirSync('test/vscode/suites').filter((f) => f.endsWith('.test.ts')).map((f) => join('test/vscode/suites', f));
await esbuild.build({
  entryPoints: ['test/vscode/index.ts', ...suites],
  outbase: 'test/vscode',
  outdir: 'out/vscode-tests',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
