// Tracking benchmarks (issue 3; ingest is bench/ingest.mjs): search over 1,000,000 runs (selective and broad filters,
// against the plain query searches used before plans), and a 1,000,000-point history.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, percentile, table } from './stats.mjs';
import { startProcess, stop } from './child-process.mjs';

async function startRuntime(workspace) {
  const { child } = await startProcess(['dist/cli.js', 'runtime', '--workspace', workspace], / ready on http/);
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  return { child, info };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

export async function trackingBench({ runs = 1_000_000, historyPoints = 1_000_000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-tracking-'));
  const results = {};
  try {
    // Log-batch and log-metric ingest: bench/ingest.mjs.

    // 2. search over 1,000,000 runs: selective and broad filters (MLOPS_BENCH_SEARCH_WS reuses a seeded workspace).
    results.search = await searchBench(root, runs);

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

const SEARCH_GOAL_MS = 20;

/** A process's user + system CPU time in clock ticks (10 ms). */
function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
/** Through HTTP, interleaved: a 0.1% filter and a 12.5% one, newest first, a page of 100. */
const SEARCH_HEADLINE = {
  selective: { filter: 'metrics.accuracy > 0.998' },
  broad: { filter: "metrics.accuracy > 0.5 AND params.model = 'tree'" },
};

/**
 * Seeds (or reuses MLOPS_BENCH_SEARCH_WS) `runs` runs, times the headline searches through the
 * runtime, then every case of search-plans.ts in process with the plain query as the reference.
 */
export async function searchBench(root, runs = 1_000_000, repeats = 30) {
  let ws = process.env.MLOPS_BENCH_SEARCH_WS;
  if (!ws) {
    ws = join(root, 'search');
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/seed-tracking.ts', 'search', ws, String(runs)], { stdio: 'inherit' });
  }
  const srt = await startRuntime(ws);
  const headers = { authorization: `Bearer ${srt.info.token}`, 'content-type': 'application/json' };
  const times = { selective: [], broad: [] };
  const cpu = { selective: 0, broad: 0 };
  const found = {};
  try {
    for (let i = 0; i < repeats + 1; i++) {
      for (const [kind, body] of Object.entries(SEARCH_HEADLINE)) {
        const ticks = cpuTicks(srt.child.pid);
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${srt.info.port}/api/2.0/mlflow/runs/search`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ experiment_ids: ['0'], max_results: 100, ...body }),
        });
        found[kind] = ((await res.json()).runs ?? []).length;
        if (i === 0) continue; // the first of each warms the page cache
        times[kind].push(performance.now() - t0);
        cpu[kind] += cpuTicks(srt.child.pid) - ticks;
      }
    }
  } finally {
    await stop(srt.child);
  }
  const cases = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/search-plans.ts', ws, '15'], { encoding: 'utf8' }));
  const headline = (kind) => ({ ...SEARCH_HEADLINE[kind], p50: median(times[kind]), p90: percentile(times[kind], 90), cpuMean: (cpu[kind] * 10) / repeats, found: found[kind] });
  return { runs: process.env.MLOPS_BENCH_SEARCH_WS ? cases.runs : runs, selective: headline('selective'), broad: headline('broad'), cases: cases.cases };
}

const ms = (v) => `${v.toFixed(1)} ms`;

/** The search tables: the headline against the 20 ms goal, then each case against the plain query. */
export function formatSearch(search) {
  const n = search.runs.toLocaleString('en');
  const head = table([
    ['search-runs over ' + n + ' runs, page of 100, through HTTP', 'p50', 'p90', `p50 vs goal ${SEARCH_GOAL_MS} ms`, 'runtime CPU per search (mean)'],
    ...['selective', 'broad'].map((kind) => {
      const k = search[kind];
      return [`${kind}: \`${k.filter}\` (${k.found} runs)`, ms(k.p50), ms(k.p90), `${(k.p50 / SEARCH_GOAL_MS).toFixed(2)}×`, ms(k.cpuMean)];
    }),
  ]);
  const cases = table([
    ['case (in process, page of 100)', 'plan', 'search p50 (CPU)', 'rows: plan p50 (CPU)', 'rows: plain query before p50 (CPU)', 'before / plan (CPU)', 'same rows'],
    ...search.cases.map((c) => [
      c.name,
      c.plan,
      `${ms(c.p50)} (${ms(c.cpuP50)})`,
      `${ms(c.rowsP50)} (${ms(c.rowsCpuP50)})`,
      `${ms(c.oldP50)} (${ms(c.oldCpuP50)})`,
      `${(c.oldP50 / c.rowsP50).toFixed(1)}× (${(c.oldCpuP50 / c.rowsCpuP50).toFixed(1)}×)`,
      c.same ? 'yes' : '**NO**',
    ]),
  ]);
  return `${head}\n\n${cases}`;
}

/** `npm run bench -- search`: only the search figures. */
export async function printSearchBench() {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-search-'));
  try {
    const search = await searchBench(root);
    console.log(`## Tracking: search plans (goal p50 < ${SEARCH_GOAL_MS} ms for selective and broad filters)\n`);
    console.log(formatSearch(search));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
