// Robustness benchmark (issue 15, the HTTP part): seeded random requests to every route of the
// runtime's router table on loopback (statuses, 5xx, resets, files written outside the workspace),
// then clients uploading bodies over the limit (answered 413, or reset).
//   node bench/robustness-fuzz.mjs [PER_ROUTE] [--seed N] [--json]
//   node --import tsx bench/robustness-fuzz.mjs --child PER_ROUTE SEED   (internal) the measurement, JSON on stdout
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Runs the measurement in a tsx child (it drives the TypeScript runtime in process) and returns its figures. */
export function measureRobustnessFuzz({ perRoute = 60, seed = 15 } = {}) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/robustness-fuzz.mjs'), '--child', String(perRoute), String(seed)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').pop());
}

export async function printRobustnessFuzzBench(options = {}) {
  const r = measureRobustnessFuzz(options);
  console.log(`## Robustness: fuzzing every runtime route (${r.routes} routes × ${r.perRoute} seeded requests, seed ${r.seed}) and over-limit uploads\n`);
  console.log(
    table([
      ['case', 'requests sent', 'statuses', '5xx (goal 0)', 'resets (goal 0)', 'other failures'],
      ['random JSON, paths, queries on every route', r.fuzz.sent, r.fuzz.histogram, r.fuzz.fiveXX, r.fuzz.resets, r.fuzz.otherFailures],
      ...r.uploads.map((u) => [u.name, u.sent, u.histogram, u.fiveXX, u.resets, u.otherFailures]),
    ]),
  );
  console.log(`\nFiles written outside the workspace: ${r.escaped.length} (goal 0)${r.escaped.length ? `: ${r.escaped.join(', ')}` : ''}. Runtime up afterwards: ${r.upAfter ? 'yes' : 'NO'}. Time: ${(r.ms / 1000).toFixed(1)} s.`);
  if (r.examples.length > 0) console.log(`\nFirst failures:\n${r.examples.map((e) => `- ${e}`).join('\n')}`);
  return r;
}

const src = (p) => pathToFileURL(join(ROOT, p)).href;

/** Counts outcomes ({status} or {error}) into a histogram, 5xx, resets and other missing answers. */
function summarize(name, outcomes) {
  const counts = new Map();
  for (const o of outcomes) {
    const key = o.status === undefined ? (o.error ?? 'no answer') : o.error ? `${o.status}+${o.error}` : String(o.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const histogram = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return {
    name,
    sent: outcomes.length,
    histogram,
    fiveXX: outcomes.filter((o) => o.status >= 500).length,
    resets: outcomes.filter((o) => o.error && RESET_CODES.has(o.error)).length,
    otherFailures: outcomes.filter((o) => o.error && !RESET_CODES.has(o.error)).length,
  };
}

async function child(perRoute, seed) {
  const { startFuzzTarget, fuzzRoutes, escapedFiles, send } = await import(src('test/helpers/route-fuzz.ts'));
  const { uploadThenRead } = await import(src('test/helpers/upload.ts'));
  const started = performance.now();
  const target = await startFuzzTarget();
  const tally = await fuzzRoutes(target, { seed, perRoute });
  const fuzzOutcomes = [];
  for (const [status, count] of tally.statuses) for (let i = 0; i < count; i++) fuzzOutcomes.push(/^\d+$/.test(status) ? { status: Number(status) } : { error: status });

  const auth = { authorization: `Bearer ${target.token}` };
  const uploads = [];
  const round = async (name, options) => uploads.push(summarize(name, await Promise.all(Array.from({ length: 10 }, (_, i) => uploadThenRead(target.port, { headers: auth, ...options(i) })))));
  await round('10 clients × 5 MB, Content-Length, to a 4 MB route (/api/data/add)', () => ({ path: '/api/data/add', bytes: 5 * MB }));
  await round('10 clients × 5 MB, chunked, to a 4 MB route (/api/data/add)', () => ({ path: '/api/data/add', bytes: 5 * MB, chunked: true }));
  await round('10 clients × 5 MB to the 1 MB log-batch route', () => ({ path: '/api/2.0/mlflow/runs/log-batch', bytes: 5 * MB }));
  await round('10 clients × 40 MB, Content-Length, to a 4 MB route', () => ({ path: '/api/data/add', bytes: 40 * MB }));

  const upAfter = (await send(target.port, target.token, { method: 'GET', path: '/health', headers: {} })).status === 200;
  const escaped = escapedFiles(target);
  await target.runtime.stop('bench done');
  const fuzz = summarize('fuzz', fuzzOutcomes);
  const examples = tally.failures
    .slice(0, 5)
    .map(({ request, outcome }) => `${request.method} ${request.path.slice(0, 120)} → ${outcome.status ?? outcome.error} ${(outcome.body ?? '').slice(0, 160)}`);
  const result = { routes: target.routes.length, perRoute, seed, fuzz, uploads, escaped, upAfter, examples, ms: performance.now() - started };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]), Number(process.argv[4]));
else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 15;
  const perRoute = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--seed') ?? 60);
  const r = await printRobustnessFuzzBench({ perRoute, seed });
  if (args.includes('--json')) console.log(`\n${JSON.stringify(r)}`);
  const failed = r.fuzz.fiveXX + r.fuzz.resets + r.uploads.reduce((n, u) => n + u.fiveXX + u.resets, 0) + r.escaped.length + (r.upAfter ? 0 : 1);
  process.exit(failed > 0 ? 1 : 0);
}
