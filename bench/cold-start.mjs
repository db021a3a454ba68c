// Runtime cold start: from spawning `mlops runtime` to the first 200 from GET /health, against a
// bare Node HTTP server spawned the same way (the floor any Node server pays), in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, percentile } from './stats.mjs';

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

async function once(kind, workspace) {
  const started = performance.now();
  let child;
  let portOf;
  if (kind === 'bare') {
    const portFile = join(workspace, 'port');
    child = spawn(process.execPath, ['-e', BARE_SERVER, portFile], { stdio: 'ignore' });
    portOf = () => readPort(portFile);
  } else {
    child = spawn(process.execPath, ['dist/cli.js', 'runtime', '--workspace', workspace], { stdio: 'ignore' });
    portOf = () => readPort(join(workspace, '.mlops', 'runtime.json'), 'port');
  }
  const ms = await pollHealth(portOf, started, child);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

export async function coldStart(runs = 15) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-'));
  const samples = { bare: [], fresh: [], existing: [] };
  try {
    const existing = join(root, 'existing');
    await once('runtime', existing);
    for (let i = 0; i < runs; i++) {
      // Interleaved so machine noise hits all three alike.
      samples.bare.push(await once('bare', mkdtempSync(join(root, 'bare-'))));
      samples.fresh.push(await once('runtime', join(root, `fresh-${i}`)));
      samples.existing.push(await once('runtime', existing));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const summary = (xs) => ({ median: median(xs), p90: percentile(xs, 90) });
  return { bare: summary(samples.bare), fresh: summary(samples.fresh), existing: summary(samples.existing), runs };
}
