// Metric CodeLens cost on the editor's path: the pure range finding (provideCodeLenses) and title
// formatting (resolveCodeLens) on generated 2,000-line scripts and a params file, median of 50
// after warm-up, plus the first (cold) call. The VS Code adapter around them adds one positionAt
// and one CodeLens object per lens. Run: node bench/codelens.mjs
import { pathToFileURL } from 'node:url';
import { bundleModules } from './bundle-modules.mjs';
import { median, table } from './stats.mjs';

/** The pure modules, bundled by esbuild as the extension is (no vscode import among them). */
function loadModules() {
  return bundleModules([
    "export { findMetricSites } from './src/extension/codelens/code-scan';",
    "export { findYamlParams } from './src/extension/codelens/params-scan';",
    "export { lensText, metricLensText, paramLensText } from './src/extension/codelens/lens-titles';",
    "export { summarizeRuns } from './src/extension/codelens/run-summary';",
  ]);
}

const METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'f1', 'auc', 'rmse', 'mae', 'epoch_time', 'lr'];

/** A 2,000-line training script: functions, comments, docstrings, f-strings, and ~150 metric sites. */
export function pythonScript(lines = 2000) {
  const out = ['"""Generated training script for the CodeLens benchmark."""', 'import mlflow', 'import numpy as np', ''];
  for (let i = 0; out.length < lines; i++) {
    const m = METRICS[i % METRICS.length];
    out.push(
      `def step_${i}(model, batch, epoch):`,
      `    """Train on one batch; logs ${m} like mlflow.log_metric("${m}", v)."""`,
      `    # mlflow.log_metric("commented_${i}", 0)`,
      `    x = np.asarray(batch["x"], dtype=np.float32) / 255.0`,
      `    y = model.predict(x)  # forward pass`,
      `    value = float(np.mean((y - batch["y"]) ** 2))`,
      `    mlflow.log_metric("${m}", value, step=epoch)`,
      `    mlflow.log_metric(f"${m}_fold_{epoch}", value)`,
      i % 4 === 0 ? `    mlflow.log_metrics({"${m}": value, "val_${m}": value * 1.1, "step_${i}": i})` : `    print(f"epoch {epoch}: ${m}={value:.4f}")`,
      i % 5 === 0 ? `    print(f"mlops:metric ${m}={value} step={epoch}")` : `    results = {"name": "step_${i}", "value": value, "items": [1, 2, 3]}`,
      `    return value`,
      '',
    );
  }
  return out.slice(0, lines).join('\n');
}

export function jsScript(lines = 2000) {
  const out = ["const { startRun } = require('local-mlops/client');", ''];
  for (let i = 0; out.length < lines; i++) {
    const m = METRICS[i % METRICS.length];
    out.push(
      `/** Step ${i}: logs ${m}. run.logMetric('${m}', v) */`,
      `async function step${i}(run, batch, epoch) {`,
      `  // run.logMetric('commented_${i}', 0);`,
      `  const value = batch.x.reduce((a, b) => a + b, 0) / batch.x.length;`,
      `  run.logMetric('${m}', value, epoch);`,
      `  run.logMetric(\`${m}_\${epoch}\`, value);`,
      i % 4 === 0 ? `  run.logMetrics({ ${m}: value, val_${m}: value * 1.1, 'step_${i}': ${i} }, epoch);` : `  console.log(\`epoch \${epoch}: ${m}=\${value.toFixed(4)}\`);`,
      i % 5 === 0 ? `  console.log(\`mlops:metric ${m}=\${value} step=\${epoch}\`);` : `  const re = /[a-z]+\\/${i}/g; const half = value / 2;`,
      `  return value;`,
      `}`,
      '',
    );
  }
  return out.slice(0, lines).join('\n');
}

function paramsYaml(lines = 2000) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`stage_${i}:`, `  lr: 0.0${i % 9 + 1}  # tuned`, `  epochs: ${i % 50}`, '  optimizer:', '    name: adam', `    beta1: 0.9`, '  layers:', '    - 64', '    - 32');
  }
  return out.slice(0, lines).join('\n');
}

/** 200 runs (the cache's window) with 10 metrics and 20 params each. */
function runs(count = 200) {
  const start = 1_700_000_000_000;
  return Array.from({ length: count }, (_, i) => ({
    info: { run_id: `run-${i}`, run_name: `run-${i}`, experiment_id: '1', status: 'FINISHED', start_time: start + i * 1000, artifact_uri: '', lifecycle_stage: 'active' },
    data: {
      metrics: METRICS.map((key, k) => ({ key, value: Math.sin(i + k), step: 10, timestamp: start })),
      params: [
        ...Array.from({ length: 19 }, (_, k) => ({ key: `p${k}`, value: String(k * (i % 5)) })),
        { key: 'stage_3.lr', value: `0.0${(i % 9) + 1}` },
      ],
    },
  }));
}

function time(fn, samples) {
  const cold = performance.now();
  fn();
  const first = performance.now() - cold;
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { first, median: median(times), max: Math.max(...times) };
}

export async function codeLensBench({ samples = 50 } = {}) {
  const m = await loadModules();
  const manyRuns = runs();
  const summary = m.summarizeRuns(manyRuns);
  const py = pythonScript();
  const js = jsScript();
  const yaml = paramsYaml();
  const pySites = m.findMetricSites(py, 'python');
  const jsSites = m.findMetricSites(js, 'js');
  const yamlSites = m.findYamlParams(yaml);
  // resolveCodeLens goes through lensText, which formats each key once per summary; the
  // "no title memo" row formats every lens afresh (the worst case, right after a refresh).
  const codeCase = (text, dialect) => () => {
    for (const site of m.findMetricSites(text, dialect)) m.lensText('metric', site.key, summary);
  };
  return {
    sizes: { py: py.length, js: js.length, yaml: yaml.length, pySites: pySites.length, jsSites: jsSites.length, yamlSites: yamlSites.length },
    pyProvide: time(() => m.findMetricSites(py, 'python'), samples),
    pyResolve: time(() => pySites.forEach((s) => m.lensText('metric', s.key, summary)), samples),
    pyResolveUncached: time(() => pySites.forEach((s) => m.metricLensText(s.key, summary)), samples),
    pyBoth: time(codeCase(py, 'python'), samples),
    jsBoth: time(codeCase(js, 'js'), samples),
    yamlBoth: time(() => {
      for (const site of m.findYamlParams(yaml)) m.lensText('param', summary.params.has(site.key) ? site.key : site.leaf, summary);
    }, samples),
    summarize: time(() => m.summarizeRuns(manyRuns), samples),
    // Reference, same run: the least any line-based finder does, one split and one regex test a line.
    floor: time(() => py.split('\n').filter((line) => /log_metrics?\(|\.log\(/.test(line)).length, samples),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await codeLensBench();
  const fmt = (ms) => `${ms.toFixed(2)} ms`;
  const row = (name, x, goal) => [name, fmt(x.median), fmt(x.max), fmt(x.first), goal ? `${(x.median / goal).toFixed(3)}× of ${goal} ms` : '—', `${(x.median / r.floor.median).toFixed(1)}×`];
  console.log(`## Metric CodeLens (Node ${process.version}, median of 50 after warm-up)\n`);
  console.log(
    table([
      ['case', 'median', 'max', 'first call (cold)', 'vs goal', 'vs floor'],
      row('reference (floor): split the Python file into lines, one regex test a line', r.floor),
      row(`Python, 2,000 lines (${(r.sizes.py / 1024).toFixed(0)} KiB, ${r.sizes.pySites} lenses): provide`, r.pyProvide),
      row('same: resolve every lens', r.pyResolve),
      row('same: resolve every lens, no title memo (first resolve after a refresh)', r.pyResolveUncached),
      row('same: provide + resolve', r.pyBoth, 20),
      row(`JavaScript, 2,000 lines (${(r.sizes.js / 1024).toFixed(0)} KiB, ${r.sizes.jsSites} lenses): provide + resolve`, r.jsBoth, 20),
      row(`params.yaml, 2,000 lines (${r.sizes.yamlSites} keys): provide + resolve`, r.yamlBoth, 20),
      row('cache refresh: summarize 200 runs (off the typing path)', r.summarize),
    ]),
  );
}
