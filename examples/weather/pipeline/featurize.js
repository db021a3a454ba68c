// Stage featurize: each feature's mean and deviation on the training days.
const { FEATURES, readSplit, writeJson } = require('./common');

const xs = readSplit('train.csv').map((r) => r.x);
const mean = FEATURES.map((_, j) => xs.reduce((s, x) => s + x[j], 0) / xs.length);
const std = FEATURES.map((_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / xs.length) || 1);
writeJson('scaler.json', { features: FEATURES, mean, std });
console.log(`scaled ${FEATURES.length} features over ${xs.length} days`);
