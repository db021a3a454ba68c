// Serving benchmark (issues 6 and 18): /invocations throughput and latency of `mlops serve` for a
// logistic regression over 8 features, at batch 1 and 256 and concurrency 1 and 32, with the
// prediction log on (the default) and off (--no-log), against the limit measured in the same run,
// interleaved round by round: one process doing only the unavoidable work for the same payloads in
// a loop (JSON.parse the body, build the tensor, InferenceSession.run, serialise the answer), and
// beside it the bare InferenceSession.run loop.
//   node bench/serving.mjs [--json]             prints the section's table (and the raw figures)
//     SERVING_BATCHES=256           only these batch sizes (comma-separated; default 1,256)
//     MLOPS_CLI=path/cli.js         serve with that build instead of dist/cli.js
//     MLOPS_CLI_BEFORE=path/cli.js  also measure that build, in the same interleaved rounds (before/after)
//   node bench/serving.mjs --limit MODEL BATCH SECONDS   (internal) the limit loop, JSON on stdout
//   node bench/serving.mjs --limit-http MODEL            (internal) the limit's work behind a minimal HTTP server
//   node bench/serving.mjs --bare-http                   (internal) the HTTP floor: reads the body, answers a constant
import { execFileSync, spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURES, writeModel } from './serving-model.mjs';
import { median, percentile, table } from './stats.mjs';
import { stop } from './child-process.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BODIES_PER_BATCH = 64;
const WARMUP_SECONDS = 0.3;
const ROUNDS = 3;

/** Pre-serialized dataframe_split bodies of `batch` rows (seeded), so neither side pays for making them. */
function bodies(batch) {
  let state = 42 + batch;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 6 - 3;
  return Array.from({ length: BODIES_PER_BATCH }, () =>
    JSON.stringify({ dataframe_split: { columns: FEATURES, data: Array.from({ length: batch }, () => FEATURES.map(() => Number(random().toFixed(4)))) } }),
  );
}

// ---- the limit: the same work, no server --------------------------------------------------------

/** The unavoidable work for one body: parse, build the tensor, run, serialise (the same options as mlops serve). */
async function limitWork(modelPath) {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3 });
  const width = FEATURES.length;
  const once = async (body) => {
    const data = JSON.parse(body.toString()).dataframe_split.data;
    const x = new Float32Array(data.length * width);
    for (let r = 0; r < data.length; r++) for (let k = 0; k < width; k++) x[r * width + k] = data[r][k];
    const out = await session.run({ input: new ort.Tensor('float32', x, [data.length, width]) });
    const label = out.label.data;
    const p = out.probabilities.data;
    const predictions = new Array(data.length);
    for (let r = 0; r < data.length; r++) predictions[r] = { label: Number(label[r]), probabilities: [p[2 * r], p[2 * r + 1]] };
    return Buffer.from(JSON.stringify({ predictions }));
  };
  return { ort, session, once };
}

async function limitLoop(modelPath, batch, seconds) {
  const { ort, session, once } = await limitWork(modelPath);
  const width = FEATURES.length;
  // Buffers, as a server receives them: decoding is part of the unavoidable work.
  const payloads = bodies(batch).map((text) => Buffer.from(text));
  const tensor = new ort.Tensor('float32', new Float32Array(batch * width).fill(0.5), [batch, width]);
  const bare = () => session.run({ input: tensor });
  const measure = async (fn, secs) => {
    for (const end = performance.now() + WARMUP_SECONDS * 1000; performance.now() < end; ) await fn(0);
    const latencies = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; performance.now() - started < secs * 1000; i++) {
      const t0 = performance.now();
      await fn(i);
      latencies.push(performance.now() - t0);
    }
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { requests: latencies.length, elapsed, perSecond: latencies.length / elapsed, p50: median(latencies), p99: percentile(latencies, 99), cpuMsPerRequest: (used.user + used.system) / 1000 / latencies.length };
  };
  const full = await measure((i) => once(payloads[i % payloads.length]), seconds);
  const run = await measure(bare, seconds / 2);
  return { full, run };
}

// ---- the server and its load ------------------------------------------------------------------

/** A Node HTTP server that only reads each body and answers a constant: what HTTP itself costs here. */
function bareHttpServer() {
  const answer = JSON.stringify({ predictions: [{ label: 1, probabilities: [0.25, 0.75] }] });
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`at http://127.0.0.1:${server.address().port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The limit's work behind a minimal Node HTTP server: what any hand-written server would pay. */
async function limitHttpServer(modelPath) {
  const { once } = await limitWork(modelPath);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const answer = await once(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`at http://127.0.0.1:${server.address().port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

const CLI = resolve(process.env.MLOPS_CLI ?? join(ROOT, 'dist/cli.js'));
const CLI_BEFORE = process.env.MLOPS_CLI_BEFORE && resolve(process.env.MLOPS_CLI_BEFORE);

const SERVERS = {
  serve: (model) => [CLI, 'serve', model, '--port', '0'],
  'serve-no-log': (model) => [CLI, 'serve', model, '--port', '0', '--no-log'],
  'serve-before': (model) => [CLI_BEFORE, 'serve', model, '--port', '0'],
  'limit-http': (model) => [join(ROOT, 'bench/serving.mjs'), '--limit-http', model],
  'bare-http': () => [join(ROOT, 'bench/serving.mjs'), '--bare-http'],
};

function startServer(kind, modelPath, cwd) {
  const args = SERVERS[kind](modelPath);
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      const port = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) resolvePromise({ child, port: Number(port) });
    });
    child.once('exit', (code) => reject(new Error(`mlops serve exited ${code}: ${out}`)));
  });
}

function post(agent, port, body) {
  return new Promise((resolvePromise, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolvePromise(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU seconds a process has used (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `concurrency` keep-alive clients posting for `seconds`, after a warm-up; with the server's CPU time per request. */
async function load(port, payloads, concurrency, seconds, serverPid) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const buffers = payloads.map((p) => Buffer.from(p));
  const run = async (secs, latencies) => {
    let errors = 0;
    const deadline = performance.now() + secs * 1000;
    const client = async (c) => {
      for (let i = c; performance.now() < deadline; i += concurrency) {
        const t0 = performance.now();
        const status = await post(agent, port, buffers[i % buffers.length]);
        if (status === 200) latencies?.push(performance.now() - t0);
        else errors++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, c) => client(c)));
    return { errors, elapsed: (performance.now() - started) / 1000 };
  };
  await run(WARMUP_SECONDS);
  const latencies = [];
  const cpuBefore = cpuSeconds(serverPid);
  const { errors, elapsed } = await run(seconds, latencies);
  const cpu = cpuSeconds(serverPid) - cpuBefore;
  agent.destroy();
  return { latencies, errors, elapsed, cpu };
}

/** Rounds of one case, pooled: throughput over their total time, percentiles over all their requests. */
function pooled(rounds) {
  const latencies = rounds.flatMap((r) => r.latencies);
  const elapsed = rounds.reduce((sum, r) => sum + r.elapsed, 0);
  const cpu = rounds.reduce((sum, r) => sum + r.cpu, 0);
  return {
    perSecond: latencies.length / elapsed,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    p50: median(latencies),
    p99: percentile(latencies, 99),
    cpuMsPerRequest: (cpu * 1000) / latencies.length,
    serverCpuShare: cpu / elapsed,
  };
}

/** Rounds of the in-process limit loop, pooled like the server's rounds (weighted by their requests). */
function pooledLimit(rounds) {
  const pool = (key) => {
    const parts = rounds.map((r) => r[key]);
    const requests = parts.reduce((sum, p) => sum + p.requests, 0);
    const weighted = (field) => parts.reduce((sum, p) => sum + p[field] * p.requests, 0) / requests;
    return { perSecond: requests / parts.reduce((sum, p) => sum + p.elapsed, 0), p50: weighted('p50'), p99: Math.max(...parts.map((p) => p.p99)), cpuMsPerRequest: weighted('cpuMsPerRequest') };
  };
  return { full: pool('full'), run: pool('run') };
}

function limitRound(model, batch, seconds) {
  return JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench/serving.mjs'), '--limit', model, String(batch), String(seconds)], { encoding: 'utf8' }));
}

export async function servingBench({ seconds = 6 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-serving-'));
  try {
    const model = join(dir, 'model.onnx');
    writeModel(model);
    const results = { batches: {} };
    const batches = (process.env.SERVING_BATCHES ?? '1,256').split(',').map(Number);
    for (const batch of batches) {
      const payloads = bodies(batch);
      // The goal's case for this batch size also runs against a hand-written server doing only the limit's work.
      const goalConcurrency = batch === 1 ? 1 : 32;
      const serve = await startServer('serve', model, dir);
      const noLog = await startServer('serve-no-log', model, dir);
      const handWritten = await startServer('limit-http', model, dir);
      const before = CLI_BEFORE ? await startServer('serve-before', model, dir) : undefined;
      const cases = [
        { key: 1, server: serve, concurrency: 1 },
        { key: 32, server: serve, concurrency: 32 },
        { key: 'noLog1', server: noLog, concurrency: 1 },
        { key: 'noLog32', server: noLog, concurrency: 32 },
        { key: 'limitHttp', server: handWritten, concurrency: goalConcurrency },
        ...(before ? [{ key: 'before1', server: before, concurrency: 1 }, { key: 'before32', server: before, concurrency: 32 }] : []),
      ];
      const rounds = Object.fromEntries([...cases.map((c) => [c.key, []]), ['limit', []]]);
      try {
        // Interleaved rounds: the machine's load drifts, and each case (the limit loop too) should see the same drift.
        for (let round = 0; round < ROUNDS; round++) {
          rounds.limit.push(limitRound(model, batch, seconds / ROUNDS));
          for (const c of cases) rounds[c.key].push(await load(c.server.port, payloads, c.concurrency, seconds / ROUNDS, c.server.child.pid));
        }
      } finally {
        await Promise.all([serve, noLog, handWritten, before].filter(Boolean).map((s) => stop(s.child)));
      }
      results.batches[batch] = {
        limit: pooledLimit(rounds.limit),
        server: { 1: pooled(rounds[1]), 32: pooled(rounds[32]) },
        noLog: { 1: pooled(rounds.noLog1), 32: pooled(rounds.noLog32) },
        limitHttp: { concurrency: goalConcurrency, ...pooled(rounds.limitHttp) },
        ...(before && { before: { 1: pooled(rounds.before1), 32: pooled(rounds.before32) } }),
      };
    }
    const bare = await startServer('bare-http', undefined, dir);
    try {
      results.bareHttp = pooled([await load(bare.port, bodies(1), 1, seconds / 2, bare.child.pid)]);
    } finally {
      await stop(bare.child);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v) => `${v.toFixed(3)} ms`;
const perSecond = (v) => Math.round(v).toLocaleString('en');

/** The section `npm run bench` prints. */
export async function printServingBench({ seconds = 6 } = {}) {
  const r = await servingBench({ seconds });
  console.log(`\n## Serving (issues 6, 18): POST /invocations, logistic regression over 8 features, dataframe_split, keep-alive clients (${seconds} s per case, in ${ROUNDS} interleaved rounds)\n`);
  const rows = [['batch', 'case (concurrency)', 'requests/s (rows/s)', 'p50', 'p99', 'vs limit (goal ≥ 0.85× at batch 256)', 'p50 overhead (goal < 0.3 ms at batch 1, c 1)', 'CPU per request (share of a core)', 'limit CPU ÷ server CPU']];
  const cpu = (m) => (m.cpuMsPerRequest === undefined || Number.isNaN(m.cpuMsPerRequest) ? 'n/a' : `${ms(m.cpuMsPerRequest)}${m.serverCpuShare === undefined ? '' : ` (${Math.round(m.serverCpuShare * 100)}%)`}`);
  for (const [batch, { limit, server, noLog, limitHttp, before }] of Object.entries(r.batches)) {
    rows.push([batch, 'limit: one process, parse + tensor + run + serialise', `${perSecond(limit.full.perSecond)} (${perSecond(limit.full.perSecond * batch)})`, ms(limit.full.p50), ms(limit.full.p99), '1.00×', '—', cpu(limit.full), '1.00×']);
    rows.push([batch, 'bare InferenceSession.run loop', `${perSecond(limit.run.perSecond)}`, ms(limit.run.p50), ms(limit.run.p99), `${(limit.run.perSecond / limit.full.perSecond).toFixed(2)}×`, '—', cpu(limit.run), '—']);
    const serveRows = [
      ...Object.entries(server).map(([c, s]) => ['mlops serve, prediction log on', c, s]),
      ...Object.entries(noLog).map(([c, s]) => ['mlops serve --no-log', c, s]),
      ...Object.entries(before ?? {}).map(([c, s]) => ['mlops serve, build before (MLOPS_CLI_BEFORE)', c, s]),
    ];
    for (const [name, concurrency, s] of serveRows) {
      const overhead = concurrency === '1' ? ms(s.p50 - limit.full.p50) : '—';
      rows.push([batch, `${name} (${concurrency})`, `${perSecond(s.perSecond)} (${perSecond(s.perSecond * batch)})${s.errors ? `, ${s.errors} errors` : ''}`, ms(s.p50), ms(s.p99), `${(s.perSecond / limit.full.perSecond).toFixed(2)}×`, overhead, cpu(s), `${(limit.full.cpuMsPerRequest / s.cpuMsPerRequest).toFixed(2)}×`]);
    }
    const h = limitHttp;
    rows.push([batch, `the limit's work in a minimal Node HTTP server (${h.concurrency})`, `${perSecond(h.perSecond)} (${perSecond(h.perSecond * batch)})`, ms(h.p50), ms(h.p99), `${(h.perSecond / limit.full.perSecond).toFixed(2)}×`, h.concurrency === 1 ? ms(h.p50 - limit.full.p50) : '—', cpu(h), `${(limit.full.cpuMsPerRequest / h.cpuMsPerRequest).toFixed(2)}×`]);
  }
  rows.push(['1', 'bare Node HTTP server answering a constant (1): the HTTP floor', perSecond(r.bareHttp.perSecond), ms(r.bareHttp.p50), ms(r.bareHttp.p99), '—', '—', cpu(r.bareHttp), '—']);
  console.log(table(rows));
  const big = r.batches[256];
  if (big) console.log(`\nGoal (issue 18): batch 256, concurrency 32, prediction log on ≥ 0.85× the in-process limit: ${(big.server[32].perSecond / big.limit.full.perSecond).toFixed(2)}× (log off: ${(big.noLog[32].perSecond / big.limit.full.perSecond).toFixed(2)}×).`);
  if (r.batches[1]) console.log(`\nReference (not measured here, another machine): MLflow's scoring server, 3,345 requests/s with ab -c 10 on a trivial model (the published figure issue 6 quotes); ours at batch 1, concurrency 32: ${perSecond(r.batches[1].server[32].perSecond)} requests/s.`);
  return r;
}

if (process.argv[2] === '--bare-http') {
  bareHttpServer();
} else if (process.argv[2] === '--limit-http') {
  await limitHttpServer(process.argv[3]);
} else if (process.argv[2] === '--limit') {
  const [, , , model, batch, seconds] = process.argv;
  process.stdout.write(JSON.stringify(await limitLoop(model, Number(batch), Number(seconds))));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await printServingBench({ seconds: Number(process.env.SECONDS_PER_CASE ?? 6) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
