// What the pipeline's stages share: the features, reading a split, the model's arithmetic. Plain Node.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, 'out');
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind', 'month_sin', 'month_cos'];

/** The rows of a CSV as objects of strings. @param {string} file */
function readCsv(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    /** @type {Record<string, string>} */
    const row = {};
    columns.forEach((c, i) => (row[c] = cells[i] ?? ''));
    return row;
  });
}

/** A split's labelled examples. @param {string} name */
function readSplit(name) {
  return readCsv(join(OUT, name))
    .map((row) => ({ label: row.weather, x: FEATURES.map((f) => Number(row[f])) }))
    .filter((r) => r.label && r.x.every(Number.isFinite));
}

/** @param {string} name @param {unknown} value */
function writeJson(name, value) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, name), `${JSON.stringify(value, null, 2)}\n`);
}

/** @param {string} name */
function readJson(name) {
  return JSON.parse(readFileSync(join(OUT, name), 'utf8'));
}

/** @param {number[]} z */
function softmax(z) {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Standardised features with a bias input. @param {{ mean: number[], std: number[] }} scaler @param {number[]} x */
function scale(scaler, x) {
  return [...x.map((v, j) => (v - scaler.mean[j]) / scaler.std[j]), 1];
}

/** Mean log loss and accuracy of weights W. @param {number[][]} W @param {number[][]} xs @param {number[]} ys */
function evaluate(W, xs, ys) {
  let loss = 0;
  let correct = 0;
  xs.forEach((x, i) => {
    const probs = softmax(W.map((w) => w.reduce((s, v, j) => s + v * x[j], 0)));
    loss -= Math.log(Math.max(probs[ys[i]], 1e-12));
    if (probs.indexOf(Math.max(...probs)) === ys[i]) correct++;
  });
  return { loss: loss / xs.length, accuracy: correct / xs.length };
}

module.exports = { ROOT, OUT, FEATURES, readCsv, readSplit, writeJson, readJson, softmax, scale, evaluate };
