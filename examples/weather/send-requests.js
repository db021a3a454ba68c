// @ts-check
// Sends days of data/weather.csv to the served model, as an application would: by default the
// summer days, a season the monitor's reference (every day of the year) does not look like, so
// the weather-drift monitor in mlops.yaml sees drift and alerts.
//   node send-requests.js [--season summer|winter|spring|autumn|all] [--rows 200] [--batch 10] [--url http://127.0.0.1:5001]
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const SEASONS = { winter: [12, 1, 2], spring: [3, 4, 5], summer: [6, 7, 8], autumn: [9, 10, 11], all: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
const COLUMNS = ['precipitation', 'temp_max', 'temp_min', 'wind', 'month_sin', 'month_cos'];

function option(/** @type {string} */ name, /** @type {string} */ fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function days(/** @type {number[]} */ months) {
  const [header, ...lines] = readFileSync(join(__dirname, 'data', 'weather.csv'), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines
    .map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])))
    .filter((row) => months.includes(Number(row.date.slice(5, 7))))
    .map((row) => {
      const month = Number(row.date.slice(5, 7));
      return [Number(row.precipitation), Number(row.temp_max), Number(row.temp_min), Number(row.wind), Math.sin((2 * Math.PI * month) / 12), Math.cos((2 * Math.PI * month) / 12)];
    })
    .filter((x) => x.every(Number.isFinite));
}

async function main() {
  const season = option('season', 'summer');
  const months = SEASONS[/** @type {keyof typeof SEASONS} */ (season)];
  if (!months) throw new Error(`--season must be one of ${Object.keys(SEASONS).join(', ')}`);
  const url = option('url', 'http://127.0.0.1:5001').replace(/\/$/, '');
  const rows = days(months).slice(0, Number(option('rows', '200')));
  const batch = Math.max(1, Number(option('batch', '10')));
  let sent = 0;
  for (let i = 0; i < rows.length; i += batch) {
    const data = rows.slice(i, i + batch);
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataframe_split: { columns: COLUMNS, data } }),
    }).catch((error) => {
      throw new Error(`Cannot reach the model server at ${url} (${error.cause?.code ?? error.message}): serve the model first (Models view → Serve…, or mlops serve weather@champion --port 5001).`);
    });
    if (!response.ok) throw new Error(`${url}/invocations answered ${response.status}: ${await response.text()}`);
    sent += data.length;
  }
  console.log(`sent ${sent} ${season} days to ${url}/invocations in ${Math.ceil(sent / batch)} requests`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
