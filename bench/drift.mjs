// Drift benchmarks (issue 7). (a) `mlops drift` (driftCommand, the whole command minus main.ts's
// dispatch) on 1,000,000 rows × 20 columns reference vs current CSVs, wall time and peak RSS, with
// merely reading the two files beside it. (b) A monitor's large-window profile fed 10,000,000
// predictions: heap after GC and RSS after 10,000 and after 10,000,000.
// Usage: node bench/drift.mjs [ROWS]
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uniform } from './seeded-random.mjs';
import { table } from './stats.mjs';

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
function measure(args) {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/drift.mjs'), '--child', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
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

async function childDrift(reference, current, output) {
  const { driftCommand, DRIFT_VALUE_OPTIONS } = await import(src('cli/commands/drift.ts'));
  const { parseArgs } = await import(src('cli/args.ts'));
  const lines = [];
  const t0 = performance.now();
  const code = await driftCommand(parseArgs([reference, current, '--json', '--output', output], new Set(DRIFT_VALUE_OPTIONS)), { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  const ms = performance.now() - t0;
  const { readFileSync } = await import('node:fs');
  const report = JSON.parse(readFileSync(output, 'utf8'));
  return { code, ms, method: report.method, drifted: report.columns.filter((c) => c.drifted).map((c) => c.column), reportKb: statSync(output).size / 1024 };
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
  const result = mode === 'read' ? await childRead(...args) : mode === 'drift' ? await childDrift(...args) : await childStream();
  console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

export async function driftBench({ rows = 1_000_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-drift-'));
  try {
    const [reference, current] = [join(dir, 'reference.csv'), join(dir, 'current.csv')];
    await writeTable(reference, rows, 1, false);
    await writeTable(current, rows, 2, true);
    const sizeMb = (statSync(reference).size + statSync(current).size) / 2 ** 20;
    return { rows, sizeMb, read: measure(['read', reference, current]), drift: measure(['drift', reference, current, join(dir, 'report.json')]), stream: measure(['stream']) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printDriftBench(options) {
  const b = await driftBench(options);
  const columns = NUMERIC + CATEGORICAL;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const perCell = (ms, cells) => `${((ms * 1000) / cells).toFixed(3)} µs`;
  const cells = 2 * b.rows * columns;
  const evidentlyCells = EVIDENTLY.rows * EVIDENTLY.columns;
  console.log(`## Drift and monitoring (issue 7)\n`);
  console.log(`### \`mlops drift\`: ${b.rows.toLocaleString('en')} rows × ${columns} columns, reference vs current (CSV, ${b.sizeMb.toFixed(0)} MB together)\n`);
  console.log(
    table([
      ['case', 'wall time', 'peak RSS', 'per cell (both files)', 'vs goal 5 s'],
      ['read both files only (tableRows)', s(b.read.ms), `${b.read.maxRssMb.toFixed(0)} MB`, perCell(b.read.ms, cells), '—'],
      [`driftCommand --json (${b.drift.method}; report ${b.drift.reportKb.toFixed(0)} KiB)`, s(b.drift.ms), `${b.drift.maxRssMb.toFixed(0)} MB`, perCell(b.drift.ms, cells), `${(b.drift.ms / GOAL_MS).toFixed(2)}×`],
      [`Evidently, user-reported (${EVIDENTLY.rows.toLocaleString('en')} rows × ${EVIDENTLY.columns} columns, other machine)`, s(EVIDENTLY.ms), '—', perCell(EVIDENTLY.ms, evidentlyCells), '—'],
    ]),
  );
  console.log(`\nDrifted columns found: ${b.drift.drifted.join(', ')} (shifted: n0–n${SHIFTED_NUMERIC - 1}, c0–c${SHIFTED_CATEGORICAL - 1}).`);
  console.log(`Per-cell ratio to Evidently's report: ${((b.drift.ms / cells) / (EVIDENTLY.ms / evidentlyCells)).toFixed(3)}× (machines differ; Evidently's rows may count both sides).`);
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
else if (import.meta.url === pathToFileURL(process.argv[1]).href) await printDriftBench({ rows: Number(process.argv[2] ?? 1_000_000) });
