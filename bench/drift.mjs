// Drift benchmarks (issues 7 and 18). (a) `mlops drift` (driftCommand, the whole command minus
// main.ts's dispatch) on 1,000,000 rows × 20 columns reference vs current CSVs, wall time and peak
// RSS, interleaved with the numpy/scipy/pandas baseline running the same tests on the same files
// (bench/drift_baseline.py; skipped with a message where Python lacks them), and the ratio; beside
// it, merely reading the two files: the old row reader, and the table engine on 1 and 2 threads.
// (b) A monitor's large-window profile fed 10,000,000 predictions: heap after GC and RSS after
// 10,000 and after 10,000,000. (c) With --large ROWS: drift of the reference against a current
// file of ROWS rows (e.g. 10,000,000 × 20), to show the peak RSS stays bounded.
// Usage: node bench/drift.mjs [ROWS] [--pairs N] [--large ROWS]
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uniform } from './seeded-random.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const NUMERIC = 10;
const CATEGORICAL = 10;
/** Columns of the current file that are shifted: numeric 0–2 and categorical 0–1. */
const SHIFTED_NUMERIC = 3;
const SHIFTED_CATEGORICAL = 2;
const GOAL_MS = 5000;
/** Evidently, as a user reported it: 3 minutes for a report on 356k rows × 50 columns (other machine). */
const EVIDENTLY = { ms: 180_000, rows: 356_000, columns: 50 };
const STREAM = { small: 10_000, large: 10_000_000 };

async function writeTable(path, rows, seed, shifted) {
  const random = uniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = createWriteStream(path);
  out.write([...Array.from({ length: NUMERIC }, (_, i) => `n${i}`), ...Array.from({ length: CATEGORICAL }, (_, i) => `c${i}`)].join(',') + '\n');
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let i = 0; i < NUMERIC; i++) cells.push((i * 10 + normal() * (i + 1) + (shifted && i < SHIFTED_NUMERIC ? i + 1 : 0)).toFixed(3));
    for (let i = 0; i < CATEGORICAL; i++) {
      const k = Math.floor(random() * (5 + i * 5));
      cells.push(shifted && i < SHIFTED_CATEGORICAL && random() < 0.3 ? 'new' : `v${k}`);
    }
    chunk += cells.join(',') + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
}

/** One measured case in its own process, so its peak RSS is its own. */
function measure(args, env = {}) {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/drift.mjs'), '--child', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, ...env },
  });
  return JSON.parse(output.trim().split('\n').pop());
}

/** A Python with numpy, scipy and pandas: MLOPS_BENCH_PYTHON, else python3 from PATH, else the system's; undefined when none has them. */
function baselinePython() {
  for (const python of [process.env.MLOPS_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)) {
    if (spawnSync(python, ['-c', 'import numpy, scipy, pandas'], { stdio: 'ignore' }).status === 0) return python;
  }
  return undefined;
}

function measurePython(python, reference, current) {
  const output = execFileSync(python, [join(ROOT, 'bench/drift_baseline.py'), reference, current], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').pop());
}

const src = (p) => pathToFileURL(join(ROOT, 'src', p)).href;

async function childRead(reference, current) {
  const { tableRows } = await import(src('core/data/table-rows.ts'));
  const t0 = performance.now();
  let rows = 0;
  for (const file of [reference, current]) for await (const _row of tableRows(file)) rows++;
  return { rows, ms: performance.now() - t0 };
}

async function childColumns(reference, current) {
  const { readColumnChunks } = await import(src('core/table/index.ts'));
  const t0 = performance.now();
  let rows = 0;
  for (const file of [reference, current]) for await (const chunk of readColumnChunks(file)) rows += chunk.rowCount;
  return { rows, ms: performance.now() - t0 };
}

async function childDrift(reference, current, output) {
  const { driftCommand, DRIFT_VALUE_OPTIONS } = await import(src('cli/commands/drift.ts'));
  const { parseArgs } = await import(src('cli/args.ts'));
  const lines = [];
  const t0 = performance.now();
  const code = await driftCommand(parseArgs([reference, current, '--json', '--output', output], new Set(DRIFT_VALUE_OPTIONS)), { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  const ms = performance.now() - t0;
  const { readFileSync } = await import('node:fs');
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const { methodsByColumn } = await import(src('core/monitoring/index.ts'));
  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column);
  return { code, ms, method: report.method, methods: methodsByColumn(report.columns), drifted, reportKb: statSync(output).size / 1024 };
}

/** Memory of a process: heap in use after a full GC, and resident set size, in MB. */
function memory() {
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}

/** The structure a monitor builds for a window past the raw-value limit: a TableProfile on bins frozen from the reference. */
async function childStream() {
  const { TableProfile } = await import(src('core/monitoring/index.ts'));
  const random = uniform(7);
  const reference = new TableProfile();
  for (let i = 0; i < 100_000; i++) reference.add({ prediction: random(), label: random() < 0.3 ? 'rain' : random() < 0.5 ? 'sun' : 'fog' });
  const profile = new TableProfile({ frozenBins: reference.freezeBins() });
  const sample = () => ({ prediction: random() * 1.1, label: random() < 0.3 ? 'rain' : random() < 0.5 ? 'sun' : 'fog' });
  const t0 = performance.now();
  for (let i = 0; i < STREAM.small; i++) profile.add(sample());
  const small = memory();
  for (let i = STREAM.small; i < STREAM.large; i++) profile.add(sample());
  const ms = performance.now() - t0;
  const large = memory();
  return { small, large, ms, profileKb: JSON.stringify(profile.toJSON()).length / 1024 };
}

async function child(mode, ...args) {
  const modes = { read: childRead, columns: childColumns, drift: childDrift, stream: childStream };
  const result = await modes[mode](...args);
  console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

export async function driftBench({ rows = 1_000_000, pairs = 2, large = 0 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-drift-'));
  try {
    const [reference, current] = [join(dir, 'reference.csv'), join(dir, 'current.csv')];
    await writeTable(reference, rows, 1, false);
    await writeTable(current, rows, 2, true);
    const sizeMb = (statSync(reference).size + statSync(current).size) / 2 ** 20;
    const read = measure(['read', reference, current]);
    const columns = [1, 2].map((threads) => measure(['columns', reference, current], { MLOPS_TABLE_THREADS: String(threads) }));
    const python = baselinePython();
    const drift = [];
    const baseline = [];
    // Interleaved pairs: the machine's load changes over a run, and both sides should see the same.
    for (let i = 0; i < pairs; i++) {
      drift.push(measure(['drift', reference, current, join(dir, 'report.json')]));
      if (python) baseline.push(measurePython(python, reference, current));
    }
    let largeDrift;
    if (large > 0) {
      const big = join(dir, 'current-large.csv');
      await writeTable(big, large, 2, true);
      largeDrift = { rows: large, sizeMb: statSync(big).size / 2 ** 20, ...measure(['drift', reference, big, join(dir, 'report-large.json')]) };
    }
    return { rows, sizeMb, read, columns, drift, baseline, python, largeDrift, stream: measure(['stream']) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printDriftBench(options) {
  const b = await driftBench(options);
  const columns = NUMERIC + CATEGORICAL;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const spread = (values, format) => `${format(median(values))} [${format(Math.min(...values))}–${format(Math.max(...values))}]`;
  const perCell = (ms, cells) => `${((ms * 1000) / cells).toFixed(3)} µs`;
  const mb = (value) => `${value.toFixed(0)} MB`;
  const cells = 2 * b.rows * columns;
  const evidentlyCells = EVIDENTLY.rows * EVIDENTLY.columns;
  const driftMs = b.drift.map((d) => d.ms);
  const driftRss = b.drift.map((d) => d.maxRssMb);
  const first = b.drift[0];
  console.log(`## Drift and monitoring (issues 7, 18)\n`);
  console.log(`### \`mlops drift\`: ${b.rows.toLocaleString('en')} rows × ${columns} columns, reference vs current (CSV, ${b.sizeMb.toFixed(0)} MB together), ${b.drift.length} interleaved pair(s)\n`);
  const [one, two] = b.columns;
  const rows = [
    ['case', 'wall time, median [min–max]', 'peak RSS', 'per cell (both files)', 'vs goal'],
    ['read both files: old row reader (tableRows)', s(b.read.ms), mb(b.read.maxRssMb), perCell(b.read.ms, cells), '—'],
    ['read both files: table engine, 1 thread', s(one.ms), mb(one.maxRssMb), perCell(one.ms, cells), `${(b.read.ms / one.ms).toFixed(2)}× faster than rows`],
    ['read both files: table engine, 2 threads', s(two.ms), mb(two.maxRssMb), perCell(two.ms, cells), `${(one.ms / two.ms).toFixed(2)}× the 1-thread speed`],
    [`driftCommand --json (${first.method}; report ${first.reportKb.toFixed(0)} KiB)`, spread(driftMs, s), spread(driftRss, mb), perCell(median(driftMs), cells), `${(median(driftMs) / GOAL_MS).toFixed(2)}× of 5 s; RSS goal < 300 MB`],
  ];
  if (b.baseline.length > 0) {
    const baseMs = b.baseline.map((d) => d.ms);
    const ratios = b.baseline.map((d, i) => d.ms / driftMs[i]);
    rows.push([`numpy/scipy/pandas baseline, same tests (${b.python})`, spread(baseMs, s), spread(b.baseline.map((d) => d.maxRssMb), mb), perCell(median(baseMs), cells), '—']);
    rows.push(['ratio baseline / driftCommand (goal ≥ 3×)', spread(ratios, (r) => `${r.toFixed(2)}×`), '—', '—', median(ratios) >= 3 ? 'met' : 'not met']);
  }
  rows.push([`Evidently, user-reported (${EVIDENTLY.rows.toLocaleString('en')} rows × ${EVIDENTLY.columns} columns, other machine)`, s(EVIDENTLY.ms), '—', perCell(EVIDENTLY.ms, evidentlyCells), '—']);
  console.log(table(rows));
  if (b.baseline.length === 0) console.log('\nNo numpy/scipy/pandas baseline: no python3 on PATH (nor MLOPS_BENCH_PYTHON, nor /usr/bin/python3) imports numpy, scipy and pandas.');
  console.log(`\nDrifted columns found: ${first.drifted.join(', ')} (shifted: n0–n${SHIFTED_NUMERIC - 1}, c0–c${SHIFTED_CATEGORICAL - 1})${b.baseline[0] ? `; the baseline found: ${b.baseline[0].drifted.join(', ')}` : ''}.`);
  console.log(`Methods: ${first.methods}.`);
  console.log(`Per-cell ratio to Evidently's report: ${(median(driftMs) / cells / (EVIDENTLY.ms / evidentlyCells)).toFixed(3)}× (machines differ; Evidently's rows may count both sides).`);
  if (b.largeDrift) {
    const l = b.largeDrift;
    console.log(`\n### Bounded memory: reference ${b.rows.toLocaleString('en')} rows vs current ${l.rows.toLocaleString('en')} rows × ${columns} columns (${l.sizeMb.toFixed(0)} MB)\n`);
    console.log(table([['case', 'wall time', 'peak RSS', 'RSS vs the 1M-row current'], [`driftCommand, ${l.rows.toLocaleString('en')}-row current`, s(l.ms), mb(l.maxRssMb), `${(l.maxRssMb / median(driftRss)).toFixed(2)}×`]]));
  }
  const { small, large } = b.stream;
  const ratio = (a, c) => `${(c / a).toFixed(2)}×`;
  console.log(`\n### Streaming monitor memory: predictions into a large-window profile (TableProfile on frozen bins; prediction + label)\n`);
  console.log(
    table([
      ['after', 'heap used after GC', 'RSS'],
      [`${STREAM.small.toLocaleString('en')} predictions`, `${small.heapMb.toFixed(1)} MB`, `${small.rssMb.toFixed(0)} MB`],
      [`${STREAM.large.toLocaleString('en')} predictions`, `${large.heapMb.toFixed(1)} MB`, `${large.rssMb.toFixed(0)} MB`],
      ['ratio (goal within ±10%)', ratio(small.heapMb, large.heapMb), ratio(small.rssMb, large.rssMb)],
    ]),
  );
  console.log(`\n${STREAM.large.toLocaleString('en')} predictions profiled in ${s(b.stream.ms)}; the profile serializes to ${b.stream.profileKb.toFixed(0)} KiB.`);
}

if (process.argv[2] === '--child') await child(process.argv[3], ...process.argv.slice(4));
else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const rows = args[0] && !args[0].startsWith('--') ? Number(args[0]) : 1_000_000;
  await printDriftBench({ rows, pairs: option('--pairs', 2), large: option('--large', 0) });
}
