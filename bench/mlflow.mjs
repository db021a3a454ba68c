// MLflow server vs runtime (issue 14): the kit's real `mlflow server` (SQLite, uvicorn's default 4
// workers) and `mlops runtime` on this machine in the same run, measured in turn: log-batch ingest
// (8 clients, 1,000 metrics a batch, a run each), search_runs over N runs (a filter, an order_by, a
// page of 1,000) and get_metric_history of N points (paged by 25,000 as MLflow's client does).
// Both stores are seeded directly with the same data: ours by bench/seed-tracking.ts, MLflow's by
// SQL inserts into its tables (log-batch through its REST API would take hours for 100,000 runs).
//   npm run bench -- mlflow [--quick]     (--quick: 10,000 runs and points, one ingest round)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { URLSearchParams } from 'node:url';
import { findKit, kitEnv } from '../test/mlflow/kit.mjs';
import { seedMlflowHistory, seedMlflowRuns, startMlflowServer } from './mlflow-server.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const SEARCH = { experiment_ids: ['0'], filter: "metrics.accuracy > 0.5 AND params.model = 'tree'", order_by: ['metrics.accuracy DESC'], max_results: 1000 };

async function startRuntime(workspace) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'runtime', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (c) => (out += c.toString()) && / ready on http/.test(out) && ok());
    child.once('exit', (code) => fail(new Error(`runtime exited with ${code}: ${out}`)));
  });
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url: `http://127.0.0.1:${info.port}`, headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' }, stop };
}

const post = (server, path, body) => fetch(`${server.url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: server.headers, body: JSON.stringify(body) });

/** 8 clients each logging 1,000-metric batches to its own run for `seconds`; metrics/s and errors. */
async function ingest(server, seconds) {
  const runs = [];
  for (let c = 0; c < 8; c++) runs.push((await (await post(server, 'runs/create', { experiment_id: '0' })).json()).run.info.run_id);
  // Serialized before the clock starts; each request only stamps its own timestamp, so no point
  // repeats (MLflow's metrics key includes the timestamp).
  const templates = runs.map((run_id) =>
    JSON.stringify({ run_id, metrics: Array.from({ length: 1000 }, (_, k) => ({ key: `m${k % 10}`, value: Math.random(), timestamp: 0, step: Math.floor(k / 10) })) }),
  );
  const now = Date.now();
  let points = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    templates.map(async (template) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const body = template.replaceAll('"timestamp":0', `"timestamp":${now + i}`);
        const res = await fetch(`${server.url}/api/2.0/mlflow/runs/log-batch`, { method: 'POST', headers: server.headers, body });
        await res.arrayBuffer();
        if (res.ok) points += 1000;
        else errors++;
      }
    }),
  );
  return { perSecond: points / ((performance.now() - started) / 1000), errors };
}

async function search(server) {
  const t0 = performance.now();
  const res = await post(server, 'runs/search', SEARCH);
  const found = ((await res.json()).runs ?? []).length;
  return { ms: performance.now() - t0, found };
}

/** All points of `loss`, paged by 25,000 with page_token as MLflow's client pages. */
async function history(server, runId) {
  const t0 = performance.now();
  let points = 0;
  let token;
  do {
    const query = new URLSearchParams({ run_id: runId, metric_key: 'loss', max_results: '25000', ...(token ? { page_token: token } : {}) });
    const body = await (await fetch(`${server.url}/api/2.0/mlflow/metrics/get-history?${query}`, { headers: server.headers })).json();
    points += (body.metrics ?? []).length;
    token = body.next_page_token;
  } while (token);
  return { ms: performance.now() - t0, points };
}

/** Calls ours() and theirs() in turn `times` times; the medians of the `ms` of each. */
async function alternate(times, ours, theirs) {
  const a = [];
  const b = [];
  for (let i = 0; i < times; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  const pick = (xs) => ({ ms: median(xs.map((x) => x.ms)), count: xs[0].found ?? xs[0].points });
  return { ours: pick(a), mlflow: pick(b) };
}

function seedOurs(mode, workspace, count) {
  return execFileSync(process.execPath, ['--import', 'tsx', 'bench/seed-tracking.ts', mode, workspace, String(count)], { cwd: ROOT, encoding: 'utf8' }).trim();
}

export async function mlflowBench({ quick = false } = {}) {
  const size = quick ? { seconds: 4, rounds: 1, runs: 10_000, points: 10_000, repeats: 5 } : { seconds: 8, rounds: 2, runs: 100_000, points: 100_000, repeats: 3 };
  const kit = findKit();
  if (!kit) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-mlflow-'));
  const mlflow = await startMlflowServer(kitEnv(kit), join(root, 'mlflow'));
  try {
    const rt = await startRuntime(join(root, 'ingest'));
    const ingestRounds = { ours: [], mlflow: [] };
    for (let r = 0; r < size.rounds; r++) {
      ingestRounds.ours.push(await ingest(rt, size.seconds));
      ingestRounds.mlflow.push(await ingest(mlflow, size.seconds));
    }
    await rt.stop();

    const searchWs = join(root, 'search');
    seedOurs('runs', searchWs, size.runs);
    seedMlflowRuns(mlflow.db, size.runs);
    const srt = await startRuntime(searchWs);
    await search(srt); // both first searches warm their page caches
    await search(mlflow);
    const searches = await alternate(size.repeats, () => search(srt), () => search(mlflow));
    await srt.stop();

    const histWs = join(root, 'history');
    const ourRun = seedOurs('history', histWs, size.points);
    const theirRun = seedMlflowHistory(mlflow.db, size.points);
    const hrt = await startRuntime(histWs);
    await history(hrt, ourRun);
    await history(mlflow, theirRun);
    const histories = await alternate(size.repeats, () => history(hrt, ourRun), () => history(mlflow, theirRun));
    await hrt.stop();
    return { size, ingestRounds, searches, histories };
  } finally {
    await mlflow.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const n = (x) => Math.round(x).toLocaleString('en');
const ms = (x) => `${x.toFixed(1)} ms`;

/** Runs the comparison and prints its table (a loud skip when the MLflow kit is not installed). */
export async function printMlflowBench({ quick = process.argv.includes('--quick') } = {}) {
  const r = await mlflowBench({ quick });
  if (!r) {
    console.log('\n## MLflow server vs runtime\n\nSKIPPED: the MLflow kit is not installed (../shared/mlflow-kit/setup.sh ~/.cache/mlflow-kit).');
    return undefined;
  }
  const rate = (rounds) => median(rounds.map((x) => x.perSecond));
  const errs = (rounds) => rounds.reduce((s, x) => s + x.errors, 0);
  const ing = { ours: rate(r.ingestRounds.ours), mlflow: rate(r.ingestRounds.mlflow) };
  const { size, searches: s, histories: h } = r;
  console.log(`\n## MLflow server vs runtime (same machine, same run, measured in turn${quick ? '; --quick sizes' : ''})\n`);
  console.log(
    table([
      ['measure', 'MLflow 3.6 server (SQLite, 4 uvicorn workers)', 'Local MLOps runtime', 'ratio (goal ≥ 3×)'],
      [`log-batch, 8 clients × 1,000 metrics (${size.seconds} s × ${size.rounds} rounds)`, `${n(ing.mlflow)} metrics/s (${errs(r.ingestRounds.mlflow)} errors)`, `${n(ing.ours)} metrics/s (${errs(r.ingestRounds.ours)} errors)`, `${(ing.ours / ing.mlflow).toFixed(1)}×`],
      [`search_runs over ${n(size.runs)} runs: filter + order_by, page of 1,000 (median of ${size.repeats})`, `${ms(s.mlflow.ms)} (${s.mlflow.count} runs)`, `${ms(s.ours.ms)} (${s.ours.count} runs)`, `${(s.mlflow.ms / s.ours.ms).toFixed(1)}×`],
      [`get_metric_history of ${n(size.points)} points, pages of 25,000 (median of ${size.repeats})`, `${ms(h.mlflow.ms)} (${n(h.mlflow.count)} points)`, `${ms(h.ours.ms)} (${n(h.ours.count)} points)`, `${(h.mlflow.ms / h.ours.ms).toFixed(1)}×`],
    ]),
  );
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) await printMlflowBench();
