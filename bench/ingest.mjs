// Tracking ingest (issue 3, issue 18): log-batch of 1,000 metrics and single log-metric, 8 concurrent
// clients on loopback, each client logging to its own run, against a bare Node server
// (bench/bare-ingest-server.mjs: JSON.parse + one SQLite transaction) fed the same bodies with the
// same 8 run ids. Both servers run side by side and are loaded in alternating rounds, so machine
// noise and table growth hit both alike. Goal: runtime ≥ 0.80× the bare server's points/s.
//   node bench/ingest.mjs [seconds per case]     or   npm run bench -- ingest
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, percentile, table } from './stats.mjs';
import { startProcess, stop } from './child-process.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLIENTS = 8;
const ROUNDS = 3;
const GOAL = 0.8;

/** `clients` loops posting bodies from makeBody for `seconds`; latencies and request count. */
async function load(url, headers, seconds, makeBody) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const loop = async (c) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers, body: makeBody(c, i) });
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => loop(c)));
  return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

/** Bodies are serialized before the clock starts, so the load generator costs little CPU. */
function batchBodies(runIds) {
  const now = Date.now();
  const perRun = runIds.map((runId) =>
    Array.from({ length: 16 }, (_, i) =>
      JSON.stringify({ run_id: runId, metrics: Array.from({ length: 1000 }, (_, k) => ({ key: `m${k % 10}`, value: Math.random(), timestamp: now, step: i * 100 + Math.floor(k / 10) })) }),
    ),
  );
  return (c, i) => perRun[c][i % 16];
}

const singleBody = (runIds) => (c, i) => JSON.stringify({ run_id: runIds[c], key: 'single', value: i, timestamp: Date.now(), step: i });

async function createRun(info) {
  const res = await fetch(`http://127.0.0.1:${info.port}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_id: '0' }),
  });
  return (await res.json()).run.info.run_id;
}

function merge(parts, pointsPerRequest) {
  const latencies = parts.flatMap((p) => p.latencies);
  const elapsed = parts.reduce((s, p) => s + p.elapsed, 0);
  return {
    requests: latencies.length,
    errors: parts.reduce((s, p) => s + p.errors, 0),
    elapsed,
    perSecond: (latencies.length * pointsPerRequest) / elapsed,
    p50: median(latencies),
    p99: percentile(latencies, 99),
  };
}

/** Log-batch and log-metric against the bare server and the runtime, ROUNDS alternating rounds each. */
export async function ingestBench({ seconds = 6, cli = process.env.MLOPS_CLI ?? join(ROOT, 'dist/cli.js') } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-ingest-'));
  const bare = await startProcess(['bench/bare-ingest-server.mjs', join(root, 'bare.db')], /^(\d+)\n/, { cwd: ROOT });
  const workspace = join(root, 'ingest');
  const rt = await startProcess([cli, 'runtime', '--workspace', workspace], / ready on http/, { cwd: ROOT });
  try {
    const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
    const runIds = [];
    for (let c = 0; c < CLIENTS; c++) runIds.push(await createRun(info));
    const bareUrl = `http://127.0.0.1:${bare.match[1]}/`;
    const json = { 'content-type': 'application/json' };
    const auth = { ...json, authorization: `Bearer ${info.token}` };
    const mlflow = (path) => `http://127.0.0.1:${info.port}/api/2.0/mlflow/runs/${path}`;
    const cases = {
      batch: { points: 1000, body: batchBodies(runIds), bare: bareUrl, runtime: mlflow('log-batch') },
      single: { points: 1, body: singleBody(runIds), bare: bareUrl, runtime: mlflow('log-metric') },
    };
    const results = {};
    for (const [name, c] of Object.entries(cases)) {
      const parts = { bare: [], runtime: [] };
      for (let r = 0; r < ROUNDS; r++) {
        parts.bare.push(await load(c.bare, json, seconds / ROUNDS, c.body));
        parts.runtime.push(await load(c.runtime, auth, seconds / ROUNDS, c.body));
      }
      results[name] = { bare: merge(parts.bare, c.points), runtime: merge(parts.runtime, c.points) };
    }
    return results;
  } finally {
    await stop(bare.child);
    await stop(rt.child);
    rmSync(root, { recursive: true, force: true });
  }
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const count = (n) => Math.round(n).toLocaleString('en');

export async function printIngestBench({ seconds = 6 } = {}) {
  const r = await ingestBench({ seconds });
  const ratio = (c) => r[c].runtime.perSecond / r[c].bare.perSecond;
  const errors = r.batch.runtime.errors + r.batch.bare.errors + r.single.runtime.errors + r.single.bare.errors;
  console.log(`\n## Tracking ingest: ${CLIENTS} concurrent clients on loopback, one run each (${seconds} s per server and case, ${ROUNDS} alternating rounds)\n`);
  console.log(
    table([
      ['case', 'server', 'throughput', 'p50', 'p99', `runtime vs bare (goal ≥ ${GOAL.toFixed(2)}×)`],
      ['log-batch of 1,000 metrics', 'bare Node server: JSON.parse + one SQLite transaction (reference, same run)', `${count(r.batch.bare.perSecond)} points/s`, fmt(r.batch.bare.p50), fmt(r.batch.bare.p99), '1.00×'],
      ['log-batch of 1,000 metrics', 'Local MLOps runtime (validation, summaries, events)', `${count(r.batch.runtime.perSecond)} points/s`, fmt(r.batch.runtime.p50), fmt(r.batch.runtime.p99), `${ratio('batch').toFixed(2)}× (${ratio('batch') >= GOAL ? 'met' : 'not met'})`],
      ['single log-metric', 'bare Node server (reference, same run)', `${count(r.single.bare.perSecond)} req/s`, fmt(r.single.bare.p50), fmt(r.single.bare.p99), '1.00×'],
      ['single log-metric', 'Local MLOps runtime', `${count(r.single.runtime.perSecond)} req/s`, fmt(r.single.runtime.p50), fmt(r.single.runtime.p99), `${ratio('single').toFixed(2)}×`],
    ]),
  );
  if (errors > 0) console.log(`\n${errors} request(s) failed and are left out of the figures.`);
  console.log("\nReference (not measured here): MLflow's Python server ≈ 8,000 points/s per client (1,200 ms per 500-metric batch in mlflow-go's k6 benchmark).");
  return r;
}

if (process.argv[1] === import.meta.filename) await printIngestBench({ seconds: Number(process.argv[2] ?? 6) });
