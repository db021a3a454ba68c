// Runtime cold start: from spawning `mlops runtime` to the first 200 from GET /health, against a
// bare Node HTTP server spawned the same way (the floor any Node server pays), interleaved in the
// same run so machine noise hits both alike. Goal (issue 18): p90 < 200 ms.
//   node bench/cold-start.mjs [runs]         or   npm run bench -- cold-start
//   MLOPS_CLI=path/cli.js                     time that build instead of dist/cli.js (before/after)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, percentile, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const GOAL_P90_MS = 200;

const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const server = http.createServer((req, res) => res.end('{"status":"ok"}'));
server.listen(0, '127.0.0.1', () => fs.writeFileSync(process.argv[1], String(server.address().port)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function pollHealth(portOf, started, child) {
  for (;;) {
    const port = portOf();
    if (port) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not yet
      }
    }
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function readPort(file, key) {
  try {
    const text = readFileSync(file, 'utf8');
    return key ? JSON.parse(text)[key] : Number(text);
  } catch {
    return undefined;
  }
}

export async function once(kind, workspace, cli) {
  const started = performance.now();
  let child;
  let portOf;
  if (kind === 'bare') {
    const portFile = join(workspace, 'port');
    child = spawn(process.execPath, ['-e', BARE_SERVER, portFile], { stdio: 'ignore' });
    portOf = () => readPort(portFile);
  } else {
    child = spawn(process.execPath, [cli, 'runtime', '--workspace', workspace], { stdio: 'ignore' });
    portOf = () => readPort(join(workspace, '.mlops', 'runtime.json'), 'port');
  }
  const ms = await pollHealth(portOf, started, child);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

/** Samples of the bare server, a new workspace and an initialised one (mlops.yaml, DB), interleaved. */
export async function coldStart({ runs = 15, cli = process.env.MLOPS_CLI ?? join(ROOT, 'dist/cli.js') } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-'));
  const samples = { bare: [], fresh: [], existing: [] };
  try {
    const existing = join(root, 'existing');
    execFileSync(process.execPath, [cli, 'init', '--workspace', existing], { stdio: 'ignore' });
    // Warm-up: the first start also writes the CLI's code cache, as after an install.
    await once('runtime', existing, cli);
    await once('bare', mkdtempSync(join(root, 'bare-')));
    for (let i = 0; i < runs; i++) {
      samples.bare.push(await once('bare', mkdtempSync(join(root, 'bare-'))));
      samples.fresh.push(await once('runtime', join(root, `fresh-${i}`), cli));
      samples.existing.push(await once('runtime', existing, cli));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const summary = (xs) => ({ median: median(xs), p90: percentile(xs, 90) });
  return { bare: summary(samples.bare), fresh: summary(samples.fresh), existing: summary(samples.existing), runs, samples };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

export async function printColdStartBench({ runs = 15 } = {}) {
  const cold = await coldStart({ runs });
  const row = (label, s) => [label, fmt(s.median), fmt(s.p90), ratio(s.median, cold.bare.median), ratio(s.p90, cold.bare.p90), s === cold.bare ? '—' : s.p90 < GOAL_P90_MS ? 'met' : 'not met'];
  console.log(`## Runtime cold start: spawn to first 200 from /health (${cold.runs} interleaved runs each)\n`);
  console.log(
    table([
      ['case', 'p50', 'p90', 'p50 vs bare', 'p90 vs bare', `goal p90 < ${GOAL_P90_MS} ms`],
      row('bare Node HTTP server (reference, same run)', cold.bare),
      row('`mlops runtime`, new workspace (creates DB, migrates)', cold.fresh),
      row('`mlops runtime`, initialised workspace (mlops.yaml, DB)', cold.existing),
    ]),
  );
  return cold;
}

if (process.argv[1] === import.meta.filename) {
  process.chdir(ROOT);
  await printColdStartBench({ runs: Number(process.argv[2] ?? 15) });
}
