// Loads the project's TypeScript modules into a bench: `exports` lines are bundled by esbuild as the
// extension is, written to a temp file and imported.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** @param {string[]} exportLines e.g. "export { RunsModel } from './src/extension/runs/runs-model';" */
export async function bundleModules(exportLines) {
  const result = await esbuild.build({
    stdin: { contents: exportLines.join('\n'), resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-modules-'));
  const file = join(dir, 'modules.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
