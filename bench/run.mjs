// npm run bench: prints Markdown tables of the foundation's figures. Each is shown with the
// reference it is judged against, measured in the same run where one can be.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupTools } from '../test/e2e/code-server.mjs';
import { activationTime } from './activation.mjs';
import { printColdStartBench } from './cold-start.mjs';
import { compareBench } from './compare.mjs';
import { printDataBench } from './data.mjs';
import { printIngestBench } from './ingest.mjs';
import { printDriftBench } from './drift.mjs';
import { printMlflowBench } from './mlflow.mjs';
import { printLiveBench } from './live.mjs';
import { printPipelineBench } from './pipeline.mjs';
import { printRobustnessBench } from './robustness.mjs';
import { printServingBench } from './serving.mjs';
import { printValidationBench } from './validation.mjs';
import { formatSearch, printSearchBench, trackingBench } from './tracking.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const skipVscode = process.argv.includes("--no-vscode");
const fmt = (ms) => (ms === undefined ? 'n/a' : `${ms.toFixed(1)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);

// `npm run bench -- data` (or `-- drift`, `-- robustness`, `-- mlflow [--quick]`, `-- pipeline [--quick]`) runs only that section (it needs dist/ built, not a .vsix).
const SECTIONS = { data: printDataBench, drift: printDriftBench, robustness: printRobustnessBench, mlflow: printMlflowBench, live: printLiveBench, pipeline: printPipelineBench, serving: printServingBench, search: printSearchBench, 'cold-start': printColdStartBench, ingest: printIngestBench };
const sections = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = sections.filter((s) => !Object.hasOwn(SECTIONS, s));
if (unknown.length > 0) throw new Error(`unknown bench section in ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
if (sections.length > 0) {
  console.log(`# Local MLOps ${sections.join(' and ')} benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}-${process.arch})\n`);
  for (const section of sections) await SECTIONS[section]();
  process.exit(0);
}

mkdirSync('test-results', { recursive: true });
const vsix = join(ROOT, 'test-results', 'local-mlops-bench.vsix');
execFileSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
const bundleBytes = statSync('dist/extension.js').size;

console.log(`# Local MLOps benchmarks (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}-${process.arch})\n`);

await printColdStartBench({ runs: 15 });

console.log('\n## Extension bundle\n');
console.log(table([['file', 'size'], ['dist/extension.js (production)', `${(bundleBytes / 1024).toFixed(1)} KiB`]]));

await printIngestBench({ seconds: 6 });

const tr = await trackingBench();
console.log('\n## Tracking: other figures\n');
console.log(
  table([
    ['measure', 'result', 'goal / reference', 'ratio'],
    [`get-history of ${tr.history.points.toLocaleString('en')} points`, `${fmt(tr.history.ms)}`, '—', '—'],
    ['runtime memory while serving it', `${tr.history.peakMb.toFixed(0)} MB peak (idle ${tr.history.idleMb.toFixed(0)} MB)`, '—', '—'],
  ]),
);
console.log(`\n## Tracking: search plans (goal p50 < 20 ms for selective and broad filters)\n\n${formatSearch(tr.search)}`);

const cmp = await compareBench();
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const cmpRow = (label, m) => [label, fmt(m.cold), fmt(m.warm), `${kb(m.coldBytes)} (${m.points.toLocaleString('en')} points)`, fmt(m.healthMaxMs)];
console.log(`\n## Compare (issue 4): POST /api/compare of ${cmp.runs} runs, 1,000 points per series, same runtime\n`);
console.log(
  table([
    ['case', 'cold (cache miss, median of 5)', 'warm (cache hit, median of 10)', 'response', 'worst /health meanwhile'],
    cmpRow(`${cmp.runs} × ${cmp.smallPoints.toLocaleString('en')} points (reference)`, cmp.small),
    cmpRow(`${cmp.runs} × ${cmp.bigPoints.toLocaleString('en')} points, LTTB`, cmp.big),
    cmpRow(`${cmp.runs} × ${cmp.bigPoints.toLocaleString('en')} points, min/max`, cmp.bigMinmax),
    ['ratio, 100k / 1k (LTTB)', ratio(cmp.big.cold, cmp.small.cold), ratio(cmp.big.warm, cmp.small.warm), ratio(cmp.big.coldBytes, cmp.small.coldBytes), '—'],
  ]),
);
console.log(`\nRuntime memory over all compare requests: ${cmp.memory.peakMb.toFixed(0)} MB peak (idle ${cmp.memory.idleMb.toFixed(0)} MB).`);
console.log(`Undownsampled reference: get-history of the same ${cmp.runs} × ${cmp.bigPoints.toLocaleString('en')} points takes ${(cmp.full.ms / 1000).toFixed(1)} s and ${(cmp.full.bytes / 2 ** 20).toFixed(0)} MiB.`);

await printDataBench();

await printServingBench({ seconds: 6 });

await printValidationBench();

await printDriftBench();

await printMlflowBench();

console.log('');
execFileSync(process.execPath, ['bench/codelens.mjs'], { stdio: 'inherit' });

if (!skipVscode) {
  const tools = setupTools();
  const act = await activationTime(tools, vsix, 3);
  console.log('\n## Extension activation, as VS Code reports it (Running Extensions; code-server 1.139)\n');
  console.log(
    table([
      ['extension', 'median', 'samples', 'vs goal 50 ms', 'vs Git'],
      ['Local MLOps', fmt(act.samples.length ? median(act.samples) : undefined), act.samples.map((s) => s.toFixed(0)).join(', '), ratio(act.samples.length ? median(act.samples) : undefined, 50), ratio(act.samples.length ? median(act.samples) : undefined, act.git.length ? median(act.git) : undefined)],
      ['Git (built-in, same windows; reference)', fmt(act.git.length ? median(act.git) : undefined), act.git.map((s) => s.toFixed(0)).join(', '), ratio(act.git.length ? median(act.git) : undefined, 50), '1.00×'],
    ]),
  );
}
