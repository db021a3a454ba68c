// Bundles the three deliverables: the extension (UI only), the CLI/runtime, and the webview panels.
// Native modules stay external: they ship in node_modules inside the .vsix.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazyModules } from './scripts/lazy-modules.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const nativeModules = ['better-sqlite3', 'onnxruntime-node'];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  metafile: true,
  legalComments: 'none',
};

function webviewEntries() {
  const root = 'webview-ui';
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'main.ts')))
    .map((d) => ({ in: join(root, d.name, 'main.ts'), out: d.name }));
}

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [...nativeModules, 'node:sqlite'],
    // `mlops runtime` runs this bundle: what its first answer does not need loads on first use.
    plugins: [lazyModules()],
  },
  {
    ...common,
    entryPoints: ['src/client/index.ts'],
    // Under node_path/ so `mlops run` can make it requirable as `local-mlops/client` via NODE_PATH.
    outfile: 'dist/node_path/local-mlops/client.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    // `mlops` itself: loads dist/cli-main.js through V8's code cache (see the file).
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

const webviews = webviewEntries();
if (webviews.length > 0) {
  builds.push({
    ...common,
    entryPoints: webviews,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
  });
}

mkdirSync('dist', { recursive: true });

function saveMetafiles(results) {
  const names = ['extension', 'cli', 'client', 'cli-launcher', 'webview'];
  results.forEach((result, i) => {
    if (result.metafile) writeFileSync(join('dist', `${names[i]}.meta.json`), JSON.stringify(result.metafile));
  });
}

/**
 * esbuild escapes non-ASCII characters in code but keeps them in comments; one such comment makes
 * Node read the whole CLI bundle as a two-byte string, 30 ms slower at every start. Comment lines
 * get `?` instead (one per UTF-16 unit, so source-map columns hold); anything else is left alone.
 */
function asciiComments(file) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/^(\s*(?:\/\*|\*|\/\/).*)$/gm, (line) => line.replace(/[^\t\n\r\x20-\x7e]/g, '?'));
  if (fixed !== text) writeFileSync(file, fixed);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  saveMetafiles(results);
  asciiComments('dist/cli-main.js');
}
