import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Runtime } from '../../src/runtime';
import { buildRouter } from '../../src/runtime/app';
import type { FuzzRequest, FuzzRoute, KnownValues } from './route-fuzz-inputs';
import { ESCAPE_MARKER, requestFor } from './route-fuzz-inputs';
import { tempDir } from './temp';

/** Routes the fuzzer leaves alone: one stops the runtime it fuzzes (its bad bodies are tested on their own). */
const SKIPPED = new Set(['POST /api/shutdown']);

export interface FuzzOutcome {
  status?: number;
  /** The socket error instead of an answer (ECONNRESET, EPIPE, timeout). */
  error?: string;
  body?: string;
}

export interface FuzzTally {
  sent: number;
  statuses: Map<string, number>;
  /** Requests answered 5xx or not at all, with what came back. */
  failures: { request: FuzzRequest; outcome: FuzzOutcome }[];
}

export interface FuzzTarget {
  runtime: Runtime;
  /** The temp folder holding the workspace (and nothing else the runtime should write). */
  sandbox: string;
  workspace: string;
  port: number;
  token: string;
  routes: FuzzRoute[];
  known: KnownValues;
  /** The runtime's log lines so far. */
  log: string[];
}

/** A runtime on loopback in a fresh workspace with a run, a model and a data file, and its routes from the router table. */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const sandbox = tempDir('mlops-fuzz-');
  const workspace = join(sandbox, 'ws');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'data.csv'), 'a,b\n1,2\n');
  const log: string[] = [];
  const result = await Runtime.start({ workspace, log: (line) => log.push(line) });
  if (result.kind !== 'started') throw new Error('runtime did not start');
  const { runtime } = result;
  const { port, token } = runtime.info;
  const call = async (path: string, body: unknown) => {
    const res = await send(port, token, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`setup ${path}: ${res.status} ${res.body}`);
    return JSON.parse(res.body ?? '{}') as unknown;
  };
  await call('/api/workspace/init', {});
  const experiment = (await call('/api/2.0/mlflow/experiments/create', { name: 'fuzz' })) as { experiment_id: string };
  const run = (await call('/api/2.0/mlflow/runs/create', { experiment_id: experiment.experiment_id })) as { run: { info: { run_id: string } } };
  await call('/api/2.0/mlflow/registered-models/create', { name: 'fuzz-model' });
  await call('/api/data/add', { path: 'data.csv' });
  const routes = buildRouter(runtime.context)
    .list()
    .filter((r) => !SKIPPED.has(`${r.method} ${r.pattern}`));
  const known: KnownValues = {
    runIds: [run.run.info.run_id],
    experimentIds: ['0', experiment.experiment_id],
    modelNames: ['fuzz-model'],
    dataPaths: ['data.csv'],
  };
  return { runtime, sandbox, workspace, port, token, routes, known, log };
}

/** One request on a fresh connection; an answer's body is kept up to 64 KiB, an event stream is cut after its headers. */
export function send(port: number, token: string, r: FuzzRequest, timeoutMs = 20_000): Promise<FuzzOutcome> {
  return new Promise((done) => {
    // Node frames no body of a GET or DELETE by itself: without a length it would read as a second request.
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...r.headers };
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        return done({ status: res.statusCode });
      }
      let body = '';
      res.on('data', (chunk: Buffer) => {
        if (body.length < 65_536) body += chunk.toString('utf8');
      });
      res.on('end', () => done({ status: res.statusCode, body }));
      res.on('error', (error: NodeJS.ErrnoException) => done({ status: res.statusCode, error: error.code ?? error.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
    req.end(r.body);
  });
}

/**
 * Sends `perRoute` seeded random requests to every route; counts statuses and keeps every 5xx or
 * missing answer. With `shrink`, the first one fails the run with fast-check's smallest
 * counterexample and the seed to replay it, instead of being counted.
 */
export async function fuzzRoutes(target: FuzzTarget, options: { seed: number; perRoute: number; shrink?: boolean; onProgress?(tally: FuzzTally): void }): Promise<FuzzTally> {
  const tally: FuzzTally = { sent: 0, statuses: new Map(), failures: [] };
  for (const [i, route] of target.routes.entries()) {
    await fc.assert(
      fc.asyncProperty(requestFor(route, target.known), async (r) => {
        const outcome = await send(target.port, target.token, r);
        tally.sent++;
        const key = outcome.status === undefined ? (outcome.error ?? 'no answer') : String(outcome.status);
        tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
        const failed = outcome.status === undefined || outcome.status >= 500;
        if (failed) tally.failures.push({ request: r, outcome });
        return !(failed && options.shrink);
      }),
      { seed: options.seed + i, numRuns: options.perRoute },
    );
    options.onProgress?.(tally);
  }
  return tally;
}

/** Every file or folder named with the escape marker below `dir` (outside `except`), `depth` levels down at most. */
export function markerFiles(dir: string, depth: number, except?: string): string[] {
  const found: string[] = [];
  const walk = (d: string, level: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(d, entry.name);
      if (except && resolve(path) === resolve(except)) continue;
      if (entry.name.includes(ESCAPE_MARKER)) found.push(path);
      if (entry.isDirectory() && !entry.isSymbolicLink() && level < depth) walk(path, level + 1);
    }
  };
  walk(dir, 0);
  return found;
}

/** Marker files that appeared outside the workspace: in its sandbox, the temp folder, the working directory. */
export function escapedFiles(target: FuzzTarget): string[] {
  return [...markerFiles(target.sandbox, 6, target.workspace), ...markerFiles(tmpdir(), 1), ...markerFiles('/tmp', 1), ...markerFiles(process.cwd(), 1)];
}

/** A histogram as "200: 12, 400: 340, …", sorted by status. */
export function histogram(statuses: Map<string, number>): string {
  return [...statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
}
