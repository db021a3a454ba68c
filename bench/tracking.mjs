// Tracking benchmarks (issue 3): log-batch throughput against a bare ingest server measured in the
// same run, single log-metric requests/s, search over 100,000 runs, and a 1,000,000-point history.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, percentile } from './stats.mjs';

function startProcess(args, readyPattern) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      const m = readyPattern.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function startRuntime(workspace) {
  const { child } = await startProcess(['dist/cli.js', 'runtime', '--workspace', workspace], / ready on http/);
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  return { child, info };
}

/** `clients` loops posting bodies from makeBody for `seconds`; latencies and request count. */
async function load(url, headers, clients, seconds, makeBody) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const loop = async (c) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const body = makeBody(c, i);
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, errors, elapsed, p50: median(latencies), p99: percentile(latencies, 99) };
}

/** Bodies are serialized before the clock starts, so the load generator costs little CPU. */
function batchBody(runId) {
  const now = Date.now();
  const bodies = Array.from({ length: 16 }, (_, i) =>
    JSON.stringify({ run_id: runId, metrics: Array.from({ length: 1000 }, (_, k) => ({ key: `m${k % 10}`, value: Math.random(), timestamp: now, step: i * 100 + Math.floor(k / 10) })) }),
  );
  return (_c, i) => bodies[i % bodies.length];
}

async function createRun(info) {
  const res = await fetch(`http://127.0.0.1:${info.port}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_id: '0' }),
  });
  return (await res.json()).run.info.run_id;
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

export async function trackingBench({ seconds = 5, runs = 100_000, historyPoints = 1_000_000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-tracking-'));
  const results = {};
  try {
    // 1. log-batch: the bare limit first, then the runtime, same clients and bodies.
    const bare = await startProcess(['bench/bare-ingest-server.mjs', join(root, 'bare.db')], /^(\d+)\n/);
    const bareRun = 'f'.repeat(32);
    results.bare = await load(`http://127.0.0.1:${bare.match[1]}/`, { 'content-type': 'application/json' }, 8, seconds, batchBody(bareRun));
    await stop(bare.child);

    const ws = join(root, 'ingest');
    const rt = await startRuntime(ws);
    const headers = { authorization: `Bearer ${rt.info.token}`, 'content-type': 'application/json' };
    const runIds = [];
    for (let c = 0; c < 8; c++) runIds.push(await createRun(rt.info));
    const perClient = runIds.map((id) => batchBody(id));
    const body = (c, i) => perClient[c](c, i);
    results.batch = await load(`http://127.0.0.1:${rt.info.port}/api/2.0/mlflow/runs/log-batch`, headers, 8, seconds, body);
    results.single = await load(`http://127.0.0.1:${rt.info.port}/api/2.0/mlflow/runs/log-metric`, headers, 8, seconds, (c, i) =>
      JSON.stringify({ run_id: runIds[c], key: 'single', value: i, timestamp: Date.now(), step: i }),
    );
    await stop(rt.child);

    // 2. search over 100,000 runs with a metric and a param filter.
    const searchWs = join(root, 'search');
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/seed-tracking.ts', 'runs', searchWs, String(runs)], { stdio: 'inherit' });
    const srt = await startRuntime(searchWs);
    const sheaders = { authorization: `Bearer ${srt.info.token}`, 'content-type': 'application/json' };
    const times = [];
    let found = 0;
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${srt.info.port}/api/2.0/mlflow/runs/search`, {
        method: 'POST',
        headers: sheaders,
        body: JSON.stringify({ experiment_ids: ['0'], filter: "metrics.accuracy > 0.9 AND params.model = 'tree'", max_results: 100 }),
      });
      found = ((await res.json()).runs ?? []).length;
      times.push(performance.now() - t0);
    }
    results.search = { p50: median(times), p90: percentile(times, 90), found, runs };
    await stop(srt.child);

    // 3. get-history of a 1,000,000-point metric, and the runtime's memory meanwhile.
    const histWs = join(root, 'history');
    const runId = execFileSync(process.execPath, ['--import', 'tsx', 'bench/seed-tracking.ts', 'history', histWs, String(historyPoints)], { encoding: 'utf8' }).trim();
    const hrt = await startRuntime(histWs);
    const idle = rssMb(hrt.child.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(hrt.child.pid))), 20);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${hrt.info.port}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=${historyPoints}`, {
      headers: { authorization: `Bearer ${hrt.info.token}` },
    });
    const points = ((await res.json()).metrics ?? []).length;
    const ms = performance.now() - t0;
    clearInterval(sampler);
    results.history = { ms, points, idleMb: idle, peakMb: peak };
    await stop(hrt.child);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return results;
}
