// npm run bench: prints Markdown tables of the foundation's figures. Each is shown with the
// reference it is judged against, measured in the same run where one can be.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupTools } from '../test/e2e/code-server.mjs';
import { activationTime } from './activation.mjs';
import { coldStart } from './cold-start.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const skipVscode = process.argv.includes("--no-vscode");
const fmt = (ms) => (ms === undefined ? 'n/a' : `${ms.toFixed(1)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);

mkdirSync('test-results', { recursive: true });
const vsix = join(ROOT, 'test-results', 'local-mlops-bench.vsix');
execFileSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
const bundleBytes = statSync('dist/extension.js').size;

console.log(`# Local MLOps benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}-${process.arch})\n`);

const cold = await coldStart(15);
console.log(`## Runtime cold start: spawn to first 200 from /health (median of ${cold.runs}, p90)\n`);
console.log(
  table([
    ['case', 'median', 'p90', 'vs goal 300 ms', 'vs bare Node HTTP server'],
    ['bare Node HTTP server (floor)', fmt(cold.bare.median), fmt(cold.bare.p90), ratio(cold.bare.median, 300), '1.00×'],
    ['`mlops runtime`, new workspace (creates DB, migrates)', fmt(cold.fresh.median), fmt(cold.fresh.p90), ratio(cold.fresh.median, 300), ratio(cold.fresh.median, cold.bare.median)],
    ['`mlops runtime`, existing workspace', fmt(cold.existing.median), fmt(cold.existing.p90), ratio(cold.existing.median, 300), ratio(cold.existing.median, cold.bare.median)],
  ]),
);

console.log('\n## Extension bundle\n');
console.log(table([['file', 'size'], ['dist/extension.js (production)', `${(bundleBytes / 1024).toFixed(1)} KiB`]]));

if (!skipVscode) {
  const tools = setupTools();
  const act = await activationTime(tools, vsix, 3);
  console.log('\n## Extension activation, as VS Code reports it (Running Extensions; code-server 1.139)\n');
  console.log(
    table([
      ['extension', 'median', 'samples', 'vs goal 50 ms'],
      ['Local MLOps', fmt(act.samples.length ? median(act.samples) : undefined), act.samples.map((s) => s.toFixed(0)).join(', '), ratio(act.samples.length ? median(act.samples) : undefined, 50)],
      ['Git (built-in, same windows)', fmt(act.git.length ? median(act.git) : undefined), act.git.map((s) => s.toFixed(0)).join(', '), ratio(act.git.length ? median(act.git) : undefined, 50)],
    ]),
  );
}
