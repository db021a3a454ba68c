// Stage train: the softmax regression of ../train.js, on the prepared split and fitted scaler.
const { FEATURES, readJson, readSplit, scale, softmax, evaluate, writeJson } = require('./common');

const [learningRate, epochs, l2] = [Number(process.argv[2] ?? 0.5), Number(process.argv[3] ?? 40), Number(process.argv[4] ?? 0.001)];
const scaler = readJson('scaler.json');
const rows = readSplit('train.csv');
const classes = [...new Set(rows.map((r) => r.label))].sort();
const X = rows.map((r) => scale(scaler, r.x));
const Y = rows.map((r) => classes.indexOf(r.label));
const W = classes.map(() => new Array(FEATURES.length + 1).fill(0));
for (let epoch = 0; epoch < epochs; epoch++) {
  const grad = W.map((w) => w.map(() => 0));
  X.forEach((x, i) => {
    const probs = softmax(W.map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
    probs.forEach((pk, k) => x.forEach((xj, j) => (grad[k][j] += (pk - (k === Y[i] ? 1 : 0)) * xj)));
  });
  W.forEach((w, k) => w.forEach((_, j) => (w[j] -= learningRate * (grad[k][j] / X.length + l2 * w[j]))));
}
const { loss, accuracy } = evaluate(W, X, Y);
writeJson('model.json', { classes, features: FEATURES, weights: W });
writeJson('train_metrics.json', { loss, accuracy });
console.log(`trained ${epochs} epochs: loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(3)}`);
