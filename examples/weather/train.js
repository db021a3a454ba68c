// @ts-check
// Trains a small weather classifier (softmax regression, written out by hand) on data/weather.csv
// and logs through the Local MLOps client. Needs nothing but Node: run it from VS Code
// (Tasks: Run Task → mlops: train) or with `mlops run --experiment weather -- node train.js`.
// Params come from the task or `-p key=value`: learning_rate, epochs, l2.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { startRun, params, logisticRegressionModel } = require('local-mlops/client');

const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind', 'month_sin', 'month_cos'];

/** @param {string} file */
function loadRows(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    /** @type {Record<string, string>} */
    const row = {};
    columns.forEach((c, i) => (row[c] = cells[i] ?? ''));
    const month = Number(row.date.slice(5, 7));
    return {
      date: row.date,
      label: row.weather,
      x: [Number(row.precipitation), Number(row.temp_max), Number(row.temp_min), Number(row.wind), Math.sin((2 * Math.PI * month) / 12), Math.cos((2 * Math.PI * month) / 12)],
    };
  });
}

/** Standardises features with the training split's mean and deviation. */
function standardiser(/** @type {number[][]} */ xs) {
  const mean = FEATURES.map((_, j) => xs.reduce((s, x) => s + x[j], 0) / xs.length);
  const std = FEATURES.map((_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / xs.length) || 1);
  return { mean, std, apply: (/** @type {number[]} */ x) => x.map((v, j) => (v - mean[j]) / std[j]) };
}

function softmax(/** @type {number[]} */ z) {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

async function main() {
  const p = params({ learning_rate: 0.5, epochs: 40, l2: 0.001 });
  const rows = loadRows(join(__dirname, 'data', 'weather.csv')).filter((r) => r.x.every(Number.isFinite));
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  // Time split: the last fifth of the days is held out, as a model would meet the future.
  rows.sort((a, b) => a.date.localeCompare(b.date));
  const cut = Math.floor(rows.length * 0.8);
  const train = rows.slice(0, cut);
  const valid = rows.slice(cut);
  const scale = standardiser(train.map((r) => r.x));
  const X = train.map((r) => [...scale.apply(r.x), 1]);
  const Y = train.map((r) => classes.indexOf(r.label));
  const Xv = valid.map((r) => [...scale.apply(r.x), 1]);
  const Yv = valid.map((r) => classes.indexOf(r.label));

  const run = await startRun({ experiment: 'weather', params: { ...p, model: 'softmax-regression', features: FEATURES.join(','), train_rows: train.length } });
  const W = classes.map(() => new Array(FEATURES.length + 1).fill(0));
  const evaluate = (/** @type {number[][]} */ xs, /** @type {number[]} */ ys) => {
    let loss = 0;
    let correct = 0;
    xs.forEach((x, i) => {
      const probs = softmax(W.map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
      loss -= Math.log(Math.max(probs[ys[i]], 1e-12));
      if (probs.indexOf(Math.max(...probs)) === ys[i]) correct++;
    });
    return { loss: loss / xs.length, accuracy: correct / xs.length };
  };

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
    run.logMetrics({ loss: t.loss, accuracy: t.accuracy, val_loss: v.loss, val_accuracy: v.accuracy }, epoch);
    console.log(`epoch ${epoch + 1}/${p.epochs}  loss ${t.loss.toFixed(4)}  val_accuracy ${v.accuracy.toFixed(3)}`);
  }
  await run.logArtifact('model/weights.json', JSON.stringify({ classes, features: FEATURES, mean: scale.mean, std: scale.std, weights: W }, null, 2));
  // The standardisation folds into the weights, so the ONNX model takes the raw features.
  const weights = W.map((w) => FEATURES.map((_, j) => w[j] / scale.std[j]));
  const biases = W.map((w) => w[FEATURES.length] - FEATURES.reduce((s, _, j) => s + (w[j] * scale.mean[j]) / scale.std[j], 0));
  await run.logArtifact('model/model.onnx', logisticRegressionModel({ weights, biases, classes, featureNames: FEATURES }));
  writeHoldout(valid);
  const registered = await run.registerModel('weather', 'model/model.onnx');
  console.log(`registered ${registered.name} v${registered.version} (classes: ${classes.join(', ')})`);
  await run.end();
  console.log(`run ${run.runId}: val_accuracy ${evaluate(Xv, Yv).accuracy.toFixed(3)}`);
}

/** The held-out days as the model reads them, with the true weather: data for `mlops validate` and the retraining gate. */
function writeHoldout(/** @type {{ x: number[]; label: string }[]} */ rows) {
  mkdirSync(join(__dirname, 'holdout'), { recursive: true });
  const lines = rows.map((r) => [...r.x.map((v) => Number(v.toFixed(6))), r.label].join(','));
  writeFileSync(join(__dirname, 'holdout', 'weather.csv'), [[...FEATURES, 'weather'].join(','), ...lines].join('\n') + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
