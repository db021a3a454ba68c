// Validation benchmark (issue 6): `mlops validate`'s core on a 1,000,000-row CSV with 8 features and
// a logistic model, against merely reading the rows; wall time and each process's peak RSS.
// Usage: node bench/validation.mjs [ROWS]
//   MLOPS_TABLE_ROWS_BEFORE=path/table-rows.ts  also measures the cases with that module's tableRows (before/after, same run)
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uniform } from './seeded-random.mjs';
import { table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const FEATURES = 8;
const WEIGHTS = [0.8, -0.5, 0.3, 1.2, -0.9, 0.1, 0.6, -0.4];
const BIAS = 0.2;

/** Features uniform in [-2, 2); the label drawn from the model's own probability, so accuracy is well below 1. */
async function writeData(path, rows) {
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
function measure(mode, csv, tableRowsModule = '') {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/validation.mjs'), '--child', mode, csv, tableRowsModule], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').pop());
}

async function child(mode, csv, tableRowsModule) {
  const src = (p) => pathToFileURL(join(ROOT, 'src', p)).href;
  const { tableRows } = await import(tableRowsModule ? pathToFileURL(resolve(tableRowsModule)).href : src('core/data/table-rows.ts'));
  const { logisticRegressionModel } = await import(src('core/models/onnx/index.ts'));
  const { parseCriteria, validateModel } = await import(src('core/models/validation/index.ts'));
  const [t0, cpu0] = [performance.now(), process.cpuUsage()];
  let result = {};
  if (mode === 'read') {
    let rows = 0;
    for await (const _row of tableRows(csv)) rows++;
    result = { rows };
  } else {
    const model = { ref: { name: 'bench', version: 2 }, bytes: logisticRegressionModel({ weights: [WEIGHTS], biases: [BIAS] }) };
    const baseline = mode === 'baseline' ? { ref: { name: 'bench', version: 1 }, bytes: logisticRegressionModel({ weights: [WEIGHTS.map((w) => w * 0.5)], biases: [0] }) } : undefined;
    const report = await validateModel({ model, baseline, maxRegression: 0.01, data: csv, label: 'label', criteria: parseCriteria('accuracy>=0.6,roc_auc>=0.7'), rows: tableRows });
    result = { rows: report.rows, accuracy: report.metrics.accuracy, rocAuc: report.metrics.rocAuc, passed: report.passed };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

export async function validationBench({ rows = 1_000_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-validation-'));
  try {
    const csv = join(dir, 'data.csv');
    await writeData(csv, rows);
    const sizeMb = statSync(csv).size / 2 ** 20;
    const cases = { rows, sizeMb, read: measure('read', csv), validate: measure('validate', csv), baseline: measure('baseline', csv) };
    const before = process.env.MLOPS_TABLE_ROWS_BEFORE;
    if (before) cases.before = { read: measure('read', csv, before), validate: measure('validate', csv, before), baseline: measure('baseline', csv, before) };
    return cases;
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
      row('read the rows only (tableRows)', b.read),
      row('validate (score, metrics incl. ROC AUC, md5)', b.validate),
      row('validate + baseline model on the same pass', b.baseline),
      ...(b.before ? [row('before (MLOPS_TABLE_ROWS_BEFORE): read the rows only', b.before.read), row('before: validate', b.before.validate), row('before: validate + baseline', b.before.baseline)] : []),
    ]),
  );
  console.log(`\naccuracy ${b.validate.accuracy.toFixed(4)}, ROC AUC ${b.validate.rocAuc.toFixed(4)}`);
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else if (import.meta.url === pathToFileURL(process.argv[1]).href) await printValidationBench({ rows: Number(process.argv[2] ?? 1_000_000) });
