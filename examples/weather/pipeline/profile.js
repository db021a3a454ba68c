// Stage profile: the share of each weather in both splits (a metrics file, tracked on the stage's run).
const { readSplit, writeJson } = require('./common');

/** @type {Record<string, number>} */
const metrics = {};
for (const split of ['train', 'valid']) {
  const rows = readSplit(`${split}.csv`);
  metrics[`${split}_rows`] = rows.length;
  for (const r of rows) metrics[`${split}_share_${r.label}`] = (metrics[`${split}_share_${r.label}`] ?? 0) + 1 / rows.length;
}
writeJson('profile.json', metrics);
console.log(JSON.stringify(metrics));
