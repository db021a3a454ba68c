// Sends days to the served model, as an application would.
//   node send-requests.js --season summer   the summer days of incoming/summer.csv, a season the
//       model has never seen (the weather-drift monitor sees drift and alerts); then the summer's
//       true weather arrives: its labelled rows are appended to data/weather.csv (a new data
//       version), so Retrain trains on them. --no-labels sends without appending.
//   node send-requests.js --season all      days spread over a whole year (holdout/weather.csv,
//       the days of 2015), e.g. after the retrain: the new champion has seen every season.
// Options: [--rows N] [--batch 10] [--url http://127.0.0.1:5001]
const { appendFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const SEASONS = { winter: [12, 1, 2], spring: [3, 4, 5], summer: [6, 7, 8], autumn: [9, 10, 11], all: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind', 'month_sin', 'month_cos'];

/** @param {string} name @param {string} fallback */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

/** The file's lines (header apart) whose month is in `months`. @param {string} file @param {number[]} months */
function days(file, months) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const at = (/** @type {string} */ name) => columns.indexOf(name);
  return lines
    .map((line) => ({ line, cells: line.split(',') }))
    .filter(({ cells }) => months.includes(Number(cells[at('date')].slice(5, 7))))
    .map(({ line, cells }) => ({ line, x: FEATURES.map((f) => Number(cells[at(f)])) }))
    .filter(({ x }) => x.every(Number.isFinite));
}

/**
 * `n` items spread evenly over `items`, in a fixed shuffled order: every stretch of requests (the
 * monitor may run while they arrive) is a fair sample of the whole, not one month after another.
 * @template T @param {T[]} items @param {number} n
 */
function spread(items, n) {
  const chosen = n >= items.length ? [...items] : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
  let seed = 42;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
  }
  return chosen;
}

async function main() {
  const season = option('season', 'summer');
  const months = SEASONS[/** @type {keyof typeof SEASONS} */ (season)];
  if (!months) throw new Error(`--season must be one of ${Object.keys(SEASONS).join(', ')}`);
  const summer = season === 'summer';
  const source = join(__dirname, summer ? 'incoming/summer.csv' : 'holdout/weather.csv');
  const url = option('url', 'http://127.0.0.1:5001').replace(/\/$/, '');
  const all = days(source, months);
  const rows = spread(all, Number(option('rows', String(summer ? all.length : 200))));
  const batch = Math.max(1, Number(option('batch', '10')));
  let sent = 0;
  for (let i = 0; i < rows.length; i += batch) {
    const data = rows.slice(i, i + batch).map((r) => r.x);
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataframe_split: { columns: FEATURES, data } }),
    }).catch((error) => {
      throw new Error(`Cannot reach the model server at ${url} (${error.cause?.code ?? error.message}): serve the model first (Models view → Serve…, or mlops serve weather@champion --port 5001).`);
    });
    if (!response.ok) throw new Error(`${url}/invocations answered ${response.status}: ${await response.text()}`);
    sent += data.length;
  }
  console.log(`sent ${sent} ${season} days to ${url}/invocations in ${Math.ceil(sent / batch)} requests`);
  if (summer && !process.argv.includes('--no-labels')) {
    const data = join(__dirname, 'data', 'weather.csv');
    const known = new Set(readFileSync(data, 'utf8').split('\n'));
    const fresh = rows.map((r) => r.line).filter((line) => !known.has(line));
    if (fresh.length > 0) appendFileSync(data, fresh.map((line) => `${line}\n`).join(''));
    console.log(`appended ${fresh.length} labelled summer days to data/weather.csv (${rows.length - fresh.length} were there already): Retrain trains on them`);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
