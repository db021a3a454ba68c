// Stage evaluate: the model on the validation days.
const { readJson, readSplit, scale, evaluate, writeJson } = require('./common');

const model = readJson('model.json');
const scaler = readJson('scaler.json');
const rows = readSplit('valid.csv').filter((r) => model.classes.includes(r.label));
const { loss, accuracy } = evaluate(model.weights, rows.map((r) => scale(scaler, r.x)), rows.map((r) => model.classes.indexOf(r.label)));
writeJson('metrics.json', { val_loss: loss, val_accuracy: accuracy });
console.log(`val_accuracy ${accuracy.toFixed(4)} on ${rows.length} days`);
