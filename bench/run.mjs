// npm run bench: prints Markdown tables of the foundation's figures. Each is shown with the
// reference it is judged against, measured in the same run where one can be.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupTools } from '../test/e2e/code-server.mjs';
import { activationTime } from './activation.mjs';
import { coldStart } from './cold-start.mjs';
import { compareBench } from './compare.mjs';
import { printDataBench } from './data.mjs';
import { printDriftBench } from './drift.mjs';
import { printMlflowBench } from './mlflow.mjs';
import { printLiveBench } from './live.mjs';
import { printPipelineBench } from './pipeline.mjs';
import { printRobustnessBench } from './robustness.mjs';
import { printServingBench } from './serving.mjs';
import { printValidationBench } from './validation.mjs';
import { trackingBench } from './tracking.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const skipVscode = process.argv.includes("--no-vscode");
const fmt = (ms) => (ms === undefined ? 'n/a' : `${ms.toFixed(1)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);

// `npm run bench -- data` (or `-- drift`, `-- robustness`, `-- mlflow [--quick]`, `-- pipeline [--quick]`) runs only that section (it needs dist/ built, not a .vsix).
const SECTIONS = { data: printDataBench, drift: printDriftBench, robustness: printRobustnessBench, mlflow: printMlflowBench, live: printLiveBench, pipeline: printPipelineBench };
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

const tr = await trackingBench({ seconds: 6 });
const pps = (r) => (r.requests * 1000) / r.elapsed;
console.log('\n## Tracking: log-batch of 1,000 metrics, 8 concurrent clients on loopback (6 s each)\n');
console.log(
  table([
    ['server', 'points/s', 'p50', 'p99', 'vs bare limit (goal ≥ 0.80×)'],
    ['bare Node server: JSON.parse + one SQLite transaction (limit)', Math.round(pps(tr.bare)).toLocaleString('en'), fmt(tr.bare.p50), fmt(tr.bare.p99), '1.00×'],
    ['Local MLOps runtime (validation, summaries, events)', Math.round(pps(tr.batch)).toLocaleString('en'), fmt(tr.batch.p50), fmt(tr.batch.p99), ratio(pps(tr.batch), pps(tr.bare))],
  ]),
);
console.log('\nReference (not measured here): MLflow\'s Python server ≈ 8,000 points/s per client (1,200 ms per 500-metric batch in mlflow-go\'s k6 benchmark).');
console.log('\n## Tracking: other figures\n');
console.log(
  table([
    ['measure', 'result', 'goal / reference', 'ratio'],
    ['single log-metric, concurrency 8', `${Math.round(tr.single.requests / tr.single.elapsed).toLocaleString('en')} req/s (p50 ${fmt(tr.single.p50)})`, '—', '—'],
    [`search-runs, metric + param filter, ${tr.search.runs.toLocaleString('en')} runs`, `p50 ${fmt(tr.search.p50)}, p90 ${fmt(tr.search.p90)}`, 'goal p50 < 50 ms (MLflow ≈ 1 s)', ratio(tr.search.p50, 50)],
    [`get-history of ${tr.history.points.toLocaleString('en')} points`, `${fmt(tr.history.ms)}`, '—', '—'],
    ['runtime memory while serving it', `${tr.history.peakMb.toFixed(0)} MB peak (idle ${tr.history.idleMb.toFixed(0)} MB)`, '—', '—'],
  ]),
);

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
      ['extension', 'median', 'samples', 'vs goal 50 ms'],
      ['Local MLOps', fmt(act.samples.length ? median(act.samples) : undefined), act.samples.map((s) => s.toFixed(0)).join(', '), ratio(act.samples.length ? median(act.samples) : undefined, 50)],
      ['Git (built-in, same windows)', fmt(act.git.length ? median(act.git) : undefined), act.git.map((s) => s.toFixed(0)).join(', '), ratio(act.git.length ? median(act.git) : undefined, 50)],
    ]),
  );
}
