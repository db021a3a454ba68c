// Validation benchmark (issues 6, 18): `mlops validate`'s core on a 1,000,000-row CSV with 8 features
// and a logistic model, against pandas+numpy doing the same (read, score, metrics, md5) in the same
// run, interleaved pair by pair; plus reading the columns only, and the record reader validate used
// before. Wall time, CPU time and each process's peak RSS.
// Usage: node bench/validation.mjs [ROWS] [PAIRS]
//   MLOPS_BENCH_PYTHON=path  the Python with numpy and pandas (default: the first of python3, /usr/bin/python3 that has both)
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uniform } from './seeded-random.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const FEATURES = 8;
const WEIGHTS = [0.8, -0.5, 0.3, 1.2, -0.9, 0.1, 0.6, -0.4];
const BIAS = 0.2;
const GOAL = 0.7;

/** Features uniform in [-2, 2); the label drawn from the model's own probability, so accuracy is well below 1. */
export async function writeData(path, rows) {
  const random = uniform(42);
  const out = createWriteStream(path);
  out.write([...Array.from({ length: FEATURES }, (_, i) => `f${i}`), 'label'].join(',') + '\n');
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: FEATURES }, () => Math.round((random() * 4 - 2) * 1e4) / 1e4);
    const logit = x.reduce((sum, v, i) => sum + v * WEIGHTS[i], BIAS);
    chunk += `${x.join(',')},${random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
}

/** One measured case in its own process, so its peak RSS is its own. */
function measure(mode, csv) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/validation.mjs'), '--child', mode, csv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').pop());
}

/** A Python with numpy and pandas, or undefined (the reference is then skipped with a message). */
function pandasPython() {
  const candidates = process.env.MLOPS_BENCH_PYTHON ? [process.env.MLOPS_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import numpy, pandas'], { stdio: 'ignore' });
      return python;
    } catch {
      // Not there, or without them: try the next.
    }
  }
  return undefined;
}

function measurePandas(python, csv) {
  const output = execFileSync(python, [join(ROOT, 'bench/validation_pandas.py'), csv, JSON.stringify(WEIGHTS), String(BIAS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').pop());
}

async function child(mode, csv) {
  const src = (p) => pathToFileURL(join(ROOT, 'src', p)).href;
  const { tableRows } = await import(src('core/data/table-rows.ts'));
  const { readColumnChunks } = await import(src('core/table/index.ts'));
  const { logisticRegressionModel } = await import(src('core/models/onnx/index.ts'));
  const { parseCriteria, validateModel } = await import(src('core/models/validation/index.ts'));
  const [t0, cpu0] = [performance.now(), process.cpuUsage()];
  let result = {};
  if (mode === 'read-rows') {
    let rows = 0;
    for await (const _row of tableRows(csv)) rows++;
    result = { rows };
  } else if (mode === 'read-columns') {
    let rows = 0;
    for await (const chunk of readColumnChunks(csv)) rows += chunk.rowCount;
    result = { rows };
  } else {
    const model = { ref: { name: 'bench', version: 2 }, bytes: logisticRegressionModel({ weights: [WEIGHTS], biases: [BIAS] }) };
    const baseline = mode === 'baseline' ? { ref: { name: 'bench', version: 1 }, bytes: logisticRegressionModel({ weights: [WEIGHTS.map((w) => w * 0.5)], biases: [0] }) } : undefined;
    const rows = mode === 'validate-rows' ? tableRows : undefined;
    const report = await validateModel({ model, baseline, maxRegression: 0.01, data: csv, label: 'label', criteria: parseCriteria('accuracy>=0.6,roc_auc>=0.7'), rows });
    result = { rows: report.rows, accuracy: report.metrics.accuracy, rocAuc: report.metrics.rocAuc, passed: report.passed };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** The middle of several runs by wall time. */
function middle(runs) {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)];
}

export async function validationBench({ rows = 1_000_000, pairs = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-validation-'));
  try {
    const csv = join(dir, 'data.csv');
    await writeData(csv, rows);
    const sizeMb = statSync(csv).size / 2 ** 20;
    const python = pandasPython();
    const validate = [];
    const pandas = [];
    // Interleaved pairs, alternating which goes first, so both see the same machine.
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? ['node', 'python'] : ['python', 'node'];
      for (const who of order) {
        if (who === 'node') validate.push(measure('validate', csv));
        else if (python) pandas.push(measurePandas(python, csv));
      }
    }
    const ratios = pandas.map((p, i) => validate[i].ms / p.ms);
    return {
      rows,
      sizeMb,
      pairs,
      python,
      validate: middle(validate),
      pandas: pandas.length > 0 ? middle(pandas) : undefined,
      ratios,
      readColumns: measure('read-columns', csv),
      readRows: measure('read-rows', csv),
      validateRows: measure('validate-rows', csv),
      baseline: measure('baseline', csv),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printValidationBench(options) {
  const b = await validationBench(options);
  const row = (name, m) => [name, `${(m.ms / 1000).toFixed(2)} s`, `${(m.cpuMs / 1000).toFixed(2)} s`, `${Math.round(b.rows / (m.ms / 1000)).toLocaleString('en')}`, `${m.maxRssMb.toFixed(0)} MB`];
  console.log(`## Validation: ${b.rows.toLocaleString('en')} rows × ${FEATURES} features, CSV ${b.sizeMb.toFixed(0)} MB, logistic model\n`);
  console.log(
    table([
      ['case', 'wall time', 'CPU time (all threads)', 'rows/s (wall)', 'peak RSS'],
      row(`validate (score, metrics incl. ROC AUC, md5), median of ${b.pairs}`, b.validate),
      ...(b.pandas ? [row(`reference: pandas + numpy, the same work, median of ${b.pairs}`, b.pandas)] : []),
      row('validate + baseline model on the same pass', b.baseline),
      row('read the columns only (readColumnChunks)', b.readColumns),
      row('before: validate through the record reader (tableRows)', b.validateRows),
      row('before: read the records only (tableRows)', b.readRows),
    ]),
  );
  console.log(`\naccuracy ${b.validate.accuracy.toFixed(4)}, ROC AUC ${b.validate.rocAuc.toFixed(4)}${b.pandas ? ` (pandas: ${b.pandas.accuracy.toFixed(4)}, ${b.pandas.rocAuc.toFixed(4)})` : ''}`);
  if (!b.pandas) {
    console.log(`\nReference skipped: no Python with numpy and pandas (tried ${process.env.MLOPS_BENCH_PYTHON ?? 'python3, /usr/bin/python3'}; set MLOPS_BENCH_PYTHON).`);
    return;
  }
  const sorted = [...b.ratios].sort((x, y) => x - y);
  const verdict = median(b.ratios) <= GOAL ? 'met' : 'not met';
  console.log(`validate / pandas wall time: ${median(b.ratios).toFixed(2)}× [${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}] over ${b.ratios.length} interleaved pairs (${b.python}); goal ≤ ${GOAL}×: ${verdict}`);
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else if (import.meta.url === pathToFileURL(process.argv[1]).href) await printValidationBench({ rows: Number(process.argv[2] ?? 1_000_000), pairs: Number(process.argv[3] ?? 3) });
