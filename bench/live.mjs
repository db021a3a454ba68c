// Live views under load (issue 16): 8 clients log 1,000 metrics/s each to a real runtime while a
// headless consumer does what the extension does with the Runs view, a compare panel of the 8 runs
// and the metric lenses open: it runs the extension's own vscode-free modules (RunsModel,
// MetricCache, LiveBatch, applyToCompare) on one event stream and counts every HTTP request they
// make. Latency is from the moment a client builds a batch (its metrics' timestamp) to the moment
// each view has applied the point (after the views' own batching of 250 ms each).
// Run: node esbuild.mjs && npm run bench -- live [--seconds=N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleModules } from './bundle-modules.mjs';
import { median, percentile, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLIENTS = 8;
const METRICS_PER_SECOND = 1000;
const BATCHES_PER_SECOND = 10;
const KEYS = 10;
/** The views' own batching windows (runs-tree-provider.ts UPDATE_MS, MetricCache patchMs, compare-panel.ts LIVE_POST_MS). */
const TREE_UPDATE_MS = 250;
const LENS_PATCH_MS = 250;
const PANEL_POST_MS = 250;

/** The extension's vscode-free modules, bundled by esbuild as the extension is. */
function loadModules() {
  return bundleModules([
    "export { RunsModel } from './src/extension/runs/runs-model';",
    "export { MetricCache } from './src/extension/codelens/metric-cache';",
    "export { LiveBatch } from './src/extension/compare/live-batch';",
    "export { applyToCompare } from './src/shared/webview/live-updates';",
    "export { RuntimeClient } from './src/shared/runtime-client';",
    "export { call, COMPARE } from './src/shared/contract';",
  ]);
}

async function startRuntime(workspace) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'runtime', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolveReady, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (/ ready on http/.test(out)) resolveReady();
    });
    child.once('exit', (code) => reject(new Error(`the runtime exited ${code}: ${out}`)));
  });
  return { child, info: JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8')) };
}

/** One logging client: a run, then a batch of 100 metrics (10 keys × 10 steps) every 100 ms. */
async function logger(info, runId, deadline, stats) {
  const url = `http://127.0.0.1:${info.port}/api/2.0/mlflow/runs/log-batch`;
  const headers = { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' };
  const perBatch = METRICS_PER_SECOND / BATCHES_PER_SECOND;
  const started = performance.now();
  for (let batch = 0; performance.now() < deadline; batch++) {
    const now = Date.now();
    const t0 = performance.now();
    const metrics = Array.from({ length: perBatch }, (_, k) => ({ key: `m${k % KEYS}`, value: Math.sin(batch + k), timestamp: now, step: batch * (perBatch / KEYS) + Math.floor(k / KEYS) }));
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ run_id: runId, metrics }) });
    await res.arrayBuffer();
    stats.latencies.push(performance.now() - t0);
    if (res.ok) {
      stats.logged += metrics.length;
      stats.lastStep.set(runId, metrics.at(-1).step);
    }
    else stats.errors++;
    const next = started + ((batch + 1) * 1000) / BATCHES_PER_SECOND;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

async function createRun(info, name) {
  const res = await fetch(`http://127.0.0.1:${info.port}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_id: '0', run_name: name, start_time: Date.now() }),
  });
  return (await res.json()).run.info.run_id;
}

/** The extension's views on one event stream, counting their requests. */
async function consumer(m, info, runIds) {
  const client = new m.RuntimeClient(info);
  const requests = [];
  let counting = true;
  const transport = { send: (method, path, body) => (counting && requests.push({ at: performance.now(), path }), client.send(method, path, body)) };
  const latency = { tree: [], panel: [], lens: [] };
  const newest = (metrics) => Math.min(...metrics.map((x) => x.timestamp));

  const runs = new m.RunsModel(() => transport);
  await runs.load();
  let reloadTimer;
  const treePending = [];
  let treeTimer;
  const cache = new m.MetricCache(() => transport, { onDidChange: () => undefined, patchMs: LENS_PATCH_MS });
  await cache.refresh();
  const lensPending = [];
  let lensTimer;
  const compare = await m.call(transport, m.COMPARE, { run_ids: runIds, x_axis: 'step', points: 1000 });
  const live = new m.LiveBatch(PANEL_POST_MS, (id) => runIds.includes(id), (update) => {
    // What the webview does with the message: append the points and redraw.
    m.applyToCompare(compare, structuredClone(update), 'step');
    const now = Date.now();
    for (const p of update.points) latency.panel.push(now - newest(p.metrics));
  });
  const events = { metrics: 0, other: 0 };
  const subscription = client.subscribe({
    onEvent: (event) => {
      if (event.type === 'run.metrics') events.metrics++;
      else events.other++;
      const update = runs.apply(event);
      if (update?.kind === 'reload') reloadTimer ??= setTimeout(() => ((reloadTimer = undefined), void runs.load()), 500);
      if (update?.kind === 'runs' && event.type === 'run.metrics') {
        treePending.push(newest(event.data.metrics));
        treeTimer ??= setTimeout(() => {
          treeTimer = undefined;
          const now = Date.now();
          for (const t of treePending.splice(0)) latency.tree.push(now - t);
        }, TREE_UPDATE_MS);
      }
      cache.apply(event);
      if (event.type === 'run.metrics') {
        lensPending.push(newest(event.data.metrics));
        lensTimer ??= setTimeout(() => {
          lensTimer = undefined;
          const now = Date.now();
          for (const t of lensPending.splice(0)) latency.lens.push(now - t);
        }, LENS_PATCH_MS);
      }
      live.add(event);
    },
  });
  return {
    requests,
    latency,
    events,
    runs,
    stop() {
      counting = false;
      subscription.close();
      clearTimeout(reloadTimer);
      clearTimeout(treeTimer);
      clearTimeout(lensTimer);
      live.clear();
      cache.dispose();
    },
  };
}

export async function liveBench({ seconds = 20 } = {}) {
  const m = await loadModules();
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-bench-live-ws-'));
  const { child, info } = await startRuntime(workspace);
  try {
    const runIds = [];
    for (let c = 0; c < CLIENTS; c++) runIds.push(await createRun(info, `live-${c}`));
    const view = await consumer(m, info, runIds);
    const initialRequests = view.requests.length;
    const stats = { logged: 0, errors: 0, latencies: [], lastStep: new Map() };
    const load = loadavg()[0];
    const start = performance.now();
    const deadline = start + seconds * 1000;
    await Promise.all(runIds.map((id) => logger(info, id, deadline, stats)));
    const elapsed = (performance.now() - start) / 1000;
    // Let the last windows close before reading what the views hold.
    await new Promise((r) => setTimeout(r, 1000));
    const during = view.requests.filter((r) => r.at >= start);
    // m9 is the last key of a batch: its step is the batch's last one.
    const shown = runIds.filter((id) => view.runs.run(id)?.data.metrics?.find((x) => x.key === `m${KEYS - 1}`)?.step === stats.lastStep.get(id)).length;
    view.stop();
    const events = view.events;
    return { seconds: elapsed, logged: stats.logged, errors: stats.errors, batchLatency: stats.latencies, load, initialRequests, during, events, latency: view.latency, shown };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(workspace, { recursive: true, force: true });
  }
}

const ms = (v) => (v === undefined ? 'n/a' : `${Math.round(v)} ms`);

export async function printLiveBench() {
  const secondsArg = process.argv.find((a) => a.startsWith('--seconds='));
  const r = await liveBench({ seconds: secondsArg ? Number(secondsArg.split('=')[1]) : 20 });
  const perSecond = r.during.length / r.seconds;
  console.log(`## Live views: ${CLIENTS} clients × ${METRICS_PER_SECOND.toLocaleString('en')} metrics/s for ${r.seconds.toFixed(1)} s, Runs view + compare panel (8 runs) + lenses open\n`);
  console.log(
    table([
      ['figure', 'value', 'goal'],
      ['metrics logged (all clients)', `${r.logged.toLocaleString('en')} (${Math.round(r.logged / r.seconds).toLocaleString('en')}/s, ${r.errors} errors)`, `${(CLIENTS * METRICS_PER_SECOND).toLocaleString('en')}/s`],
      ['log-batch request time (p50 / p95)', `${ms(median(r.batchLatency))} / ${ms(percentile(r.batchLatency, 95))}`, ''],
      ['`run.metrics` events received', `${r.events.metrics} (${(r.events.metrics / r.seconds).toFixed(1)}/s; ${(r.events.metrics / r.seconds / CLIENTS).toFixed(1)}/s per run)`, 'a few per run per second'],
      ['extension HTTP requests while logging', `${r.during.length} (${perSecond.toFixed(2)}/s)${r.during.length ? `: ${[...new Set(r.during.map((q) => q.path))].join(', ')}` : ''}`, '< 1/s'],
      ['extension HTTP requests to open the views', `${r.initialRequests} (runs/overview 1, lenses 2, compare 1)`, ''],
      ...['tree', 'panel', 'lens'].map((k) => [
        `log → applied, ${{ tree: 'Runs view item', panel: 'compare panel page', lens: 'metric lenses' }[k]} (p50 / p95 / max)`,
        `${ms(median(r.latency[k]))} / ${ms(percentile(r.latency[k], 95))} / ${ms(Math.max(...r.latency[k]))}`,
        '< 1 s',
      ]),
      ['runs whose item shows the last step its client logged, at the end', `${r.shown} of ${CLIENTS}`, `${CLIENTS} of ${CLIENTS}`],
    ]),
  );
  console.log(`\nMachine: ${cpus().length} cores, 1-minute load average ${r.load.toFixed(1)} when the logging started.\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await printLiveBench();
