// Compare benchmarks (issue 4): POST /api/compare over 10 runs of 100,000 points each against the
// same request over 10 runs of 1,000 points, in the same runtime. Cold requests change `points`
// by one each time so the runtime's series cache never answers them (SQLite's pages stay in the
// OS cache, as they are for runs just logged); warm ones repeat one request. The reference for
// bytes is fetching the same histories undownsampled.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, table } from './stats.mjs';
import { stop } from './child-process.mjs';

async function startRuntime(cli, workspace) {
  const child = spawn(process.execPath, [cli, 'runtime', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (/ ready on http/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`runtime exited ${code}: ${out}`)));
  });
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  const headers = { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const res = await fetch(`http://127.0.0.1:${info.port}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return { bytes: Buffer.byteLength(text), json: JSON.parse(text) };
  };
  const get = async (path) => {
    const res = await fetch(`http://127.0.0.1:${info.port}${path}`, { headers });
    return res.text();
  };
  return { child, info, post, get };
}

function rssMb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

/** One run per client, logged through log-batch as a training script would: a noisy decaying loss with spikes. */
async function seed(rt, runs, points) {
  const ids = [];
  for (let r = 0; r < runs; r++) ids.push((await rt.post('/api/2.0/mlflow/runs/create', { experiment_id: '0', start_time: 1_700_000_000_000 })).json.run.info.run_id);
  await Promise.all(
    ids.map(async (runId, r) => {
      for (let from = 0; from < points; from += 1000) {
        const metrics = [];
        for (let step = from; step < Math.min(points, from + 1000); step++) {
          const spike = (step * 7919 + r) % 10007 === 0 ? 3 : 0;
          metrics.push({ key: 'loss', value: 1 / (1 + step / (points / 20)) + 0.02 * Math.sin(step * 0.37 + r) + spike, timestamp: 1_700_000_000_000 + step * 100, step });
        }
        await rt.post('/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics });
      }
    }),
  );
  return ids;
}

/**
 * Cold (series cache missed) and warm (cache hit) compare requests for each case, interleaved so
 * the machine's drifting load falls on all cases alike; /health latency is attributed to the case
 * being requested, the runtime's memory is one peak over all.
 */
async function measure(rt, cases, { cold = 5, warm = 10 } = {}) {
  const stats = cases.map(() => ({ coldMs: [], warmMs: [], coldBytes: 0, warmBytes: 0, points: 0, healthMaxMs: 0 }));
  let active;
  let sampling = true;
  const memory = { idleMb: rssMb(rt.child.pid), peakMb: 0 };
  const sampler = setInterval(() => (memory.peakMb = Math.max(memory.peakMb, rssMb(rt.child.pid))), 10);
  const pinger = (async () => {
    while (sampling) {
      const at = active;
      const t0 = performance.now();
      await rt.get('/health');
      if (at && at === active) at.healthMaxMs = Math.max(at.healthMaxMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const request = async (c, s, points) => {
    active = s;
    const t0 = performance.now();
    const { bytes, json } = await rt.post('/api/compare', { run_ids: c.runIds, points, method: c.method });
    const ms = performance.now() - t0;
    active = undefined;
    return { ms, bytes, points: json.series.reduce((n, x) => n + x.x.length, 0) };
  };
  for (const c of cases) await rt.post('/api/compare', { run_ids: c.runIds, points: 500, method: c.method });
  for (let i = 0; i < cold; i++) {
    for (const [k, c] of cases.entries()) {
      const r = await request(c, stats[k], 1000 - 1 - i);
      stats[k].coldMs.push(r.ms);
      stats[k].coldBytes = r.bytes;
      stats[k].points = r.points;
    }
  }
  for (const c of cases) await rt.post('/api/compare', { run_ids: c.runIds, points: 1000, method: c.method });
  for (let i = 0; i < warm; i++) {
    for (const [k, c] of cases.entries()) {
      const r = await request(c, stats[k], 1000);
      stats[k].warmMs.push(r.ms);
      stats[k].warmBytes = r.bytes;
    }
  }
  sampling = false;
  await pinger;
  clearInterval(sampler);
  const results = stats.map((s) => ({ cold: median(s.coldMs), warm: median(s.warmMs), coldBytes: s.coldBytes, warmBytes: s.warmBytes, points: s.points, healthMaxMs: s.healthMaxMs }));
  return { results, memory };
}

/**
 * `hugePoints` adds a third size (10 × 1M by default when run directly, see below): its seeding
 * takes minutes, so `npm run bench` leaves it out. Each size is compared with 10 × 1k in the same
 * runtime, requests interleaved.
 */
export async function compareBench({ cli = 'dist/cli.js', runs = 10, bigPoints = 100_000, smallPoints = 1000, hugePoints = 0 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-compare-'));
  const rt = await startRuntime(cli, join(root, 'ws'));
  try {
    const seedStart = performance.now();
    const big = await seed(rt, runs, bigPoints);
    const seedMs = performance.now() - seedStart;
    const hugeStart = performance.now();
    const huge = hugePoints > 0 ? await seed(rt, runs, hugePoints) : undefined;
    const hugeSeedMs = performance.now() - hugeStart;
    const small = await seed(rt, runs, smallPoints);
    await new Promise((r) => setTimeout(r, 2000));
    const cases = [
      { runIds: small, method: 'lttb' },
      { runIds: big, method: 'lttb' },
      { runIds: big, method: 'minmax' },
      ...(huge ? [{ runIds: huge, method: 'lttb' }] : []),
    ];
    const {
      results: [smallLttb, bigLttb, bigMinmax, hugeLttb],
      memory,
    } = await measure(rt, cases);
    const results = { runs, bigPoints, smallPoints, hugePoints, seedMs, hugeSeedMs, memory, small: smallLttb, big: bigLttb, bigMinmax, huge: hugeLttb };
    // The reference: the same 10 histories without downsampling, as get-history pages them.
    const t0 = performance.now();
    let bytes = 0;
    for (const id of big) bytes += Buffer.byteLength(await rt.get(`/api/2.0/mlflow/metrics/get-history?run_id=${id}&metric_key=loss&max_results=${bigPoints}`));
    results.full = { ms: performance.now() - t0, bytes };
    return results;
  } finally {
    await stop(rt.child);
    rmSync(root, { recursive: true, force: true });
  }
}

/** The figures as a Markdown table, each size's cold answer against 10 × 1k's and the 50 ms goal. */
export function compareTable(r) {
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const n = (points) => points.toLocaleString('en');
  const row = (label, m) => [label, fmt(m.cold), `${(m.cold / r.small.cold).toFixed(2)}×`, `${(m.cold / 50).toFixed(2)}×`, fmt(m.warm), `${(m.coldBytes / 1024).toFixed(0)} KiB (${n(m.points)} points)`, fmt(m.healthMaxMs)];
  return table([
    ['case', 'cold (median of 5)', 'vs 10 × 1k', 'vs goal 50 ms', 'warm (median of 10)', 'response', 'worst /health meanwhile'],
    row(`${r.runs} × ${n(r.smallPoints)} points, LTTB (reference)`, r.small),
    row(`${r.runs} × ${n(r.bigPoints)} points, LTTB`, r.big),
    row(`${r.runs} × ${n(r.bigPoints)} points, min/max`, r.bigMinmax),
    ...(r.huge ? [row(`${r.runs} × ${n(r.hugePoints)} points, LTTB`, r.huge)] : []),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // MLOPS_BENCH_COMPARE_HUGE=0 leaves the 10 × 1M case out (its seeding takes minutes).
  const hugePoints = Number(process.env.MLOPS_BENCH_COMPARE_HUGE ?? 1_000_000);
  const r = await compareBench({ cli: process.env.MLOPS_BENCH_CLI, hugePoints });
  console.log(`## Compare: POST /api/compare, cold (series cache missed), ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(compareTable(r));
  console.log(`\nSeeding through log-batch: ${r.runs} × ${r.bigPoints.toLocaleString('en')} in ${(r.seedMs / 1000).toFixed(1)} s${r.huge ? `, ${r.runs} × ${r.hugePoints.toLocaleString('en')} in ${(r.hugeSeedMs / 1000).toFixed(1)} s` : ''}.`);
  console.log(`Runtime memory: ${r.memory.peakMb.toFixed(0)} MB peak (idle ${r.memory.idleMb.toFixed(0)} MB). Undownsampled get-history of ${r.runs} × ${r.bigPoints.toLocaleString('en')}: ${(r.full.ms / 1000).toFixed(1)} s.`);
}
