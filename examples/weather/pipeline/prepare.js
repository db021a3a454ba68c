// Stage prepare: splits data/weather.csv by time — the last share of the days validates.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { ROOT, OUT, readCsv } = require('./common');

const validShare = Number(process.argv[2] ?? 0.2);
if (!(validShare > 0 && validShare < 1)) throw new Error(`prepare.valid_share must be between 0 and 1, got ${process.argv[2]}`);
const rows = readCsv(join(ROOT, 'data', 'weather.csv')).sort((a, b) => a.date.localeCompare(b.date));
const columns = Object.keys(rows[0]);
const cut = Math.floor(rows.length * (1 - validShare));
const csv = (/** @type {typeof rows} */ part) => `${[columns.join(','), ...part.map((r) => columns.map((c) => r[c]).join(','))].join('\n')}\n`;
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'train.csv'), csv(rows.slice(0, cut)));
writeFileSync(join(OUT, 'valid.csv'), csv(rows.slice(cut)));
console.log(`${cut} training days, ${rows.length - cut} validation days`);
