// Trains a small weather classifier (softmax regression, written out by hand) on data/weather.csv
// and logs through the Local MLOps client. Needs nothing but Node: run it from VS Code
// (Tasks: Run Task → mlops: train) or with `mlops run -- node train.js`.
// Params come from the task or `-p key=value`: learning_rate, epochs, l2, register (auto | always | never).
// holdout/weather.csv (the days of 2015) is never read here: it is for validation only.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { connect, startRun, params, logisticRegressionModel } = require('local-mlops/client');

const MODEL = 'weather';
// The model's inputs: the day's observations and the month as a point on a circle (month_sin,
// month_cos are columns of the data, so the monitor's reference holds every feature the model takes).
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind', 'month_sin', 'month_cos'];

/** @param {string} file */
function loadRows(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines
    .map((line) => {
      const cells = line.split(',');
      /** @type {Record<string, string>} */
      const row = {};
      columns.forEach((c, i) => (row[c] = cells[i] ?? ''));
      return { date: row.date, label: row.weather, x: FEATURES.map((f) => Number(row[f])) };
    })
    .filter((r) => r.label && r.x.every(Number.isFinite));
}

/** Standardises features with the training split's mean and deviation. @param {number[][]} xs */
function standardiser(xs) {
  const mean = FEATURES.map((_, j) => xs.reduce((s, x) => s + x[j], 0) / xs.length);
  const std = FEATURES.map((_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / xs.length) || 1);
  return { mean, std, apply: (/** @type {number[]} */ x) => x.map((v, j) => (v - mean[j]) / std[j]) };
}

/** @param {number[]} z */
function softmax(z) {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

async function main() {
  const p = params({ learning_rate: 0.5, epochs: 40, l2: 0.001, register: 'auto' });
  const rows = loadRows(join(__dirname, 'data', 'weather.csv'));
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  // Time split: the last fifth of the days validates (val_accuracy), as a model would meet the future.
  rows.sort((a, b) => a.date.localeCompare(b.date));
  const cut = Math.floor(rows.length * 0.8);
  const train = rows.slice(0, cut);
  const valid = rows.slice(cut);
  const scale = standardiser(train.map((r) => r.x));
  const X = train.map((r) => [...scale.apply(r.x), 1]);
  const Y = train.map((r) => classes.indexOf(r.label));
  const Xv = valid.map((r) => [...scale.apply(r.x), 1]);
  const Yv = valid.map((r) => classes.indexOf(r.label));

  const run = await startRun({ experiment: 'weather', params: { ...p, model: 'softmax-regression', features: FEATURES.join(','), train_rows: train.length, valid_rows: valid.length } });
  const W = classes.map(() => new Array(FEATURES.length + 1).fill(0));
  /** @param {number[][]} xs @param {number[]} ys */
  const evaluate = (xs, ys) => {
    let loss = 0;
    let correct = 0;
    xs.forEach((x, i) => {
      const probs = softmax(W.map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
      loss -= Math.log(Math.max(probs[ys[i]], 1e-12));
      if (probs.indexOf(Math.max(...probs)) === ys[i]) correct++;
    });
    return { loss: loss / xs.length, accuracy: correct / xs.length };
  };

  let valAccuracy = 0;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    const grad = W.map((w) => w.map(() => 0));
    X.forEach((x, i) => {
      const probs = softmax(W.map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
      probs.forEach((pk, k) => {
        const delta = pk - (k === Y[i] ? 1 : 0);
        x.forEach((xj, j) => (grad[k][j] += delta * xj));
      });
    });
    W.forEach((w, k) => w.forEach((_, j) => (w[j] -= p.learning_rate * (grad[k][j] / X.length + p.l2 * w[j]))));
    const t = evaluate(X, Y);
    const v = evaluate(Xv, Yv);
    valAccuracy = v.accuracy;
    run.logMetrics({ loss: t.loss, accuracy: t.accuracy, val_loss: v.loss, val_accuracy: v.accuracy }, epoch);
    console.log(`epoch ${epoch + 1}/${p.epochs}  loss ${t.loss.toFixed(4)}  val_accuracy ${v.accuracy.toFixed(3)}`);
  }
  await run.logArtifact('model/weights.json', JSON.stringify({ classes, features: FEATURES, mean: scale.mean, std: scale.std, weights: W }, null, 2));
  // The standardisation folds into the weights, so the ONNX model takes the raw features.
  const weights = W.map((w) => FEATURES.map((_, j) => w[j] / scale.std[j]));
  const biases = W.map((w) => w[FEATURES.length] - FEATURES.reduce((s, _, j) => s + (w[j] * scale.mean[j]) / scale.std[j], 0));
  await run.logArtifact('model/model.onnx', logisticRegressionModel({ weights, biases, classes, featureNames: FEATURES }));

  const decision = await registrationDecision(String(p.register), valAccuracy);
  console.log(decision.reason);
  await run.setTag('weather.registration', decision.reason);
  if (decision.register) {
    const registered = await run.registerModel(MODEL, 'model/model.onnx');
    console.log(`registered ${registered.name} v${registered.version} (classes: ${classes.join(', ')})`);
  }
  await run.end();
  console.log(`run ${run.runId}: val_accuracy ${valAccuracy.toFixed(4)}`);
}

/**
 * Registration is a decision, not a side effect of every run: a retrain registers (the monitor's
 * gate validates it against the champion before promotion), otherwise only a run whose
 * val_accuracy beats every registered version's. `register=always|never` overrides; a run left
 * out can still be registered by hand (Runs view → Register Model…).
 * @param {string} mode
 * @param {number} valAccuracy
 */
async function registrationDecision(mode, valAccuracy) {
  if (mode === 'never') return { register: false, reason: 'not registered: register=never' };
  if (mode === 'always') return { register: true, reason: 'registering: register=always' };
  if (process.env.MLOPS_RETRAIN_TRIGGER) return { register: true, reason: `registering: retrain ${process.env.MLOPS_RETRAIN_TRIGGER} (validated against the champion before promotion)` };
  const best = await bestRegisteredAccuracy();
  if (best === undefined) return { register: true, reason: `registering: the first version of ${MODEL}` };
  if (valAccuracy > best.value) return { register: true, reason: `registering: val_accuracy ${valAccuracy.toFixed(4)} beats v${best.version}'s ${best.value.toFixed(4)}` };
  return { register: false, reason: `not registered: val_accuracy ${valAccuracy.toFixed(4)} does not beat v${best.version}'s ${best.value.toFixed(4)} (Register Model… on the run registers it anyway)` };
}

/** The best val_accuracy among the registered versions' runs, with its version; undefined when none has one. */
async function bestRegisteredAccuracy() {
  const client = connect();
  const filter = encodeURIComponent(`name = '${MODEL}'`);
  /** @type {{ model_versions?: { version: string; run_id?: string }[] }} */
  const found = await client.request('GET', `/api/2.0/mlflow/model-versions/search?filter=${filter}&max_results=1000`);
  /** @type {{ version: string; value: number } | undefined} */
  let best;
  for (const v of found.model_versions ?? []) {
    if (!v.run_id) continue;
    /** @type {{ run: { data: { metrics?: { key: string; value: number }[] } } }} */
    const got = await client.request('GET', `/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(v.run_id)}`).catch(() => undefined);
    const value = got?.run.data.metrics?.find((m) => m.key === 'val_accuracy')?.value;
    if (typeof value === 'number' && (!best || value > best.value)) best = { version: v.version, value };
  }
  return best;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
