// Robustness benchmark, serving (issue 15, item 5): a real `mlops serve` process on loopback,
// serving a logistic regression over 8 features, takes 8 concurrent clients each sending the
// largest request it allows (max_rows_per_request rows of dataframe_split, about 31 bytes a row)
// over and over, while another process pings /ping every 10 ms; then the same with requests at
// both limits (100,000 rows padded to 30 MB, under the 32 MB body limit). Prints the server's RSS
// (idle, peak from VmHWM, after the load), /ping p50/p99/max during the load, the server's own
// event-loop delay, and what a request over the row limit (850,000 rows, 30 MB) is answered with.
// Goals: RSS peak < 300 MB, /ping p99 < 50 ms.
//   node bench/robustness-serving.mjs [--json]
//     MLOPS_CLI=path/cli.js   serve with that build instead of dist/cli.js (e.g. an older one, for before/after)
//     ROUNDS=N                maximal requests each client sends (default 4; half that at 30 MB)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURES, writeModel } from './serving-model.mjs';
import { percentile, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = resolve(process.env.MLOPS_CLI ?? join(ROOT, 'dist/cli.js'));
const MAX_ROWS = 100_000;
/** Rows of the over-limit request: as many as fit under the 32 MB body limit. */
const OVER_ROWS = 850_000;
const CLIENTS = 8;
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const PING_EVERY_MS = 10;
const AFTER_LATER_MS = 15_000;

/** A dataframe_split body of `rows` seeded rows, about 35 bytes a row; with `pad`, a text column of that many characters more. */
function body(rows, pad = 0) {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 6 - 3;
  const note = 'x'.repeat(pad);
  const data = Array.from({ length: rows }, () => {
    const row = FEATURES.map(() => Number(random().toFixed(1)));
    return pad > 0 ? [...row, note] : row;
  });
  return Buffer.from(JSON.stringify({ dataframe_split: { columns: pad > 0 ? [...FEATURES, 'note'] : FEATURES, data } }));
}

// Preloaded into the server: its event-loop delay while it runs, written out when it exits (the
// /ping figures also hold the client's own delays, on a machine shared with other work).
const LOOP_DELAY_PRELOAD = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
const peak = { heapTotal: 0, external: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
  peak.external = Math.max(peak.external, m.external);
}, 50).unref();
process.on('exit', () => {
  const m = process.memoryUsage();
  const mb = (b) => b / 1024 / 1024;
  const memory = { peakHeapTotal: mb(peak.heapTotal), peakExternal: mb(peak.external), heapTotal: mb(m.heapTotal), external: mb(m.external) };
  require('node:fs').writeFileSync(process.env.LOOP_DELAY_FILE, JSON.stringify({ p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, memory }));
});
`;

/** Pings /ping every PING_EVERY_MS from its own process (so the load's client work does not delay it) until stdin closes. */
const PINGER = `
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const port = Number(process.argv[1]);
const times = [];
let running = true;
process.stdin.on('end', () => (running = false)).resume();
const ping = () => new Promise((done) => {
  const t = performance.now();
  request({ agent, host: '127.0.0.1', port, path: '/ping' }, (res) => res.resume().on('end', () => done(performance.now() - t))).on('error', () => done(NaN)).end();
});
(async () => {
  while (running) {
    times.push(await ping());
    await new Promise((r) => setTimeout(r, ${PING_EVERY_MS}));
  }
  process.stdout.write(JSON.stringify(times));
  agent.destroy();
})();
`;

function startPinger(port) {
  const child = spawn(process.execPath, ['-e', PINGER, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const done = new Promise((r) => child.once('exit', () => r(JSON.parse(out))));
  child.stdin.on('error', () => {});
  return { stop: () => (child.stdin.end(), done) };
}

function serve(model, cwd) {
  writeFileSync(join(cwd, 'loop-delay.cjs'), LOOP_DELAY_PRELOAD);
  // NODE_PATH lets a build copied out of the tree (MLOPS_CLI) find the native modules.
  const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LOOP_DELAY_FILE: join(cwd, 'loop-delay.json') };
  const child = spawn(process.execPath, ['--require', join(cwd, 'loop-delay.cjs'), CLI, 'serve', model, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) resolvePromise({ child, port: Number(port) });
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`mlops serve exited with ${code}:\n${out}`)));
  });
}

function send(agent, port, method, path, payload) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const headers = payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {};
    const req = request({ agent, host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode, ms: performance.now() - started, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error) => resolvePromise({ status: error.code ?? 'error', ms: performance.now() - started, text: '' }));
    // A reset after the answer (a refused body still being sent) is the socket's, not the request's.
    req.on('socket', (socket) => socket.on('error', () => {}));
    req.end(payload);
  });
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

function folderBytes(dir) {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) total += entry.isDirectory() ? folderBytes(join(dir, entry.name)) : statSync(join(dir, entry.name)).size;
  } catch {
    // no such folder: nothing logged
  }
  return total;
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** One probe against a fresh `mlops serve`: CLIENTS clients send `payload` `rounds` times each; then `over`, if given. */
async function probe(dir, payload, rounds, over) {
  const { child, port } = await serve('model.onnx', dir);
  const pid = child.pid;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });
  try {
    for (let i = 0; i < 3; i++) await send(agent, port, 'POST', '/invocations', body(10));
    await wait(500);
    const idle = memoryOf(pid).rss;
    // The floor on this machine: /ping of the same server with nothing else to do.
    const idlePinger = startPinger(port);
    await wait(3000);
    const idlePings = await idlePinger.stop();

    const pinger = startPinger(port);
    let peakRss = idle;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(pid).rss)), 20);
    const statuses = {};
    const latencies = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let r = 0; r < rounds; r++) {
          const res = await send(agent, port, 'POST', '/invocations', payload);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          latencies.push(res.ms);
        }
      }),
    );
    const loadSeconds = (performance.now() - started) / 1000;
    const pings = await pinger.stop();
    const overLimit = over && (await send(agent, port, 'POST', '/invocations', over));
    clearInterval(sampler);
    const hwm = memoryOf(pid).hwm;
    await wait(3000);
    const after = memoryOf(pid).rss;
    await wait(AFTER_LATER_MS - 3000);
    const later = memoryOf(pid).rss;
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const loop = JSON.parse(readFileSync(join(dir, 'loop-delay.json'), 'utf8'));
    return {
      loop,
      requestMb: payload.length / 1024 / 1024,
      requests: CLIENTS * rounds,
      statuses,
      loadSeconds,
      invocationP50: percentile(latencies, 50),
      invocationMax: Math.max(...latencies),
      idleRssMb: idle,
      peakRssMb: Math.max(peakRss, hwm),
      afterRssMb: after,
      laterRssMb: later,
      idlePingP50: percentile(idlePings, 50),
      idlePingP99: percentile(idlePings, 99),
      pings: pings.length,
      pingP50: percentile(pings, 50),
      pingP99: percentile(pings, 99),
      pingMax: Math.max(...pings),
      ...(overLimit && { overMb: over.length / 1024 / 1024, overStatus: overLimit.status, overMs: overLimit.ms, overMessage: overLimit.text.slice(0, 240) }),
      logMb: folderBytes(join(dir, '.mlops', 'predictions')) / 1024 / 1024,
    };
  } finally {
    agent.destroy();
    child.kill('SIGKILL');
  }
}

/**
 * Two probes: requests at the row limit (100,000 rows of 8 numbers, 3.5 MB), and requests at both
 * limits (100,000 rows padded with a text column to about 30 MB, under the 32 MB body limit).
 */
export async function robustnessServingBench() {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-robust-'));
  try {
    writeModel(join(dir, 'model.onnx'));
    const rows = await probe(dir, body(MAX_ROWS), ROUNDS, body(OVER_ROWS));
    rmSync(join(dir, '.mlops'), { recursive: true, force: true });
    const bytes = await probe(dir, body(MAX_ROWS, 250), Math.max(1, Math.floor(ROUNDS / 2)));
    return { cli: CLI, rows, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printRobustnessServingBench() {
  const { rows, bytes } = await robustnessServingBench();
  const ms = (v) => `${v.toFixed(1)} ms`;
  const mb = (v) => `${v.toFixed(0)} MB`;
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const both = (f) => [f(rows), f(bytes)];
  console.log(`## Serving under load (issue 15): ${CLIENTS} concurrent clients sending maximal requests, /ping every ${PING_EVERY_MS} ms from another process\n`);
  console.log(
    table([
      ['measure', `${MAX_ROWS.toLocaleString('en')} rows, ${rows.requestMb.toFixed(1)} MB × ${rows.requests}`, `${MAX_ROWS.toLocaleString('en')} rows, ${bytes.requestMb.toFixed(1)} MB × ${bytes.requests}`, 'goal'],
      ['RSS peak (VmHWM)', ...both((r) => mb(r.peakRssMb)), `< 300 MB: ${verdict(rows.peakRssMb < 300 && bytes.peakRssMb < 300)}`],
      [`RSS idle before / 3 s after / ${AFTER_LATER_MS / 1000} s after`, ...both((r) => `${mb(r.idleRssMb)} / ${mb(r.afterRssMb)} / ${mb(r.laterRssMb)}`), '—'],
      ['V8 heap / external: peak; at exit', ...both((r) => `${mb(r.loop.memory.peakHeapTotal)} / ${mb(r.loop.memory.peakExternal)}; ${mb(r.loop.memory.heapTotal)} / ${mb(r.loop.memory.external)}`), '—'],
      ['/ping p50 / p99 / max under load', ...both((r) => `${ms(r.pingP50)} / ${ms(r.pingP99)} / ${ms(r.pingMax)} (${r.pings})`), `p99 < 50 ms: ${verdict(rows.pingP99 < 50 && bytes.pingP99 < 50)}`],
      ['/ping p50 / p99, idle server (this machine’s floor)', ...both((r) => `${ms(r.idlePingP50)} / ${ms(r.idlePingP99)}`), '—'],
      ['server event-loop delay p50 / p99 / max', ...both((r) => `${ms(r.loop.p50)} / ${ms(r.loop.p99)} / ${ms(r.loop.max)}`), '—'],
      ['/invocations statuses', ...both((r) => Object.entries(r.statuses).map(([s, n]) => `${n} × ${s}`).join(', ')), 'all 200 (or 503 + Retry-After)'],
      ['/invocations p50 / max; load time', ...both((r) => `${ms(r.invocationP50)} / ${ms(r.invocationMax)}; ${r.loadSeconds.toFixed(1)} s`), '—'],
      ['prediction log written', ...both((r) => `${r.logMb.toFixed(0)} MB`), '—'],
    ]),
  );
  console.log(`\nOver the row limit: ${OVER_ROWS.toLocaleString('en')} rows (${rows.overMb.toFixed(0)} MB) answered ${rows.overStatus} in ${ms(rows.overMs)}: ${rows.overMessage}`);
  return { rows, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await printRobustnessServingBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
