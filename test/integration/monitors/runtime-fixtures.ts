import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Runtime } from '../../../src/runtime';
import type { MonitorServiceOptions } from '../../../src/runtime/monitoring/monitor-service';
import type { RuntimeEvent, RuntimeEventMap } from '../../../src/shared/events';
import type { WeatherRow } from './fixtures';
import { monitorWorkspace } from './fixtures';

export interface MonitorRuntime {
  runtime: Runtime;
  root: string;
  logs: string[];
  /** A runtime route with the bearer token; the body is parsed JSON. */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** Events of a type published so far, oldest first. */
  events<K extends keyof RuntimeEventMap>(type: K): RuntimeEventMap[K][];
  /** Resolves with the first event of `type` that satisfies `test`, published after this call or before. */
  waitFor<K extends keyof RuntimeEventMap>(type: K, test?: (data: RuntimeEventMap[K]) => boolean, timeoutMs?: number): Promise<RuntimeEventMap[K]>;
  stop(): Promise<void>;
}

/** Timings short enough for tests: new data runs 100 ms after the last change, retries 50 ms apart. */
export const FAST: MonitorServiceOptions = { newData: { debounceMs: 100, maxWaitMs: 1000, retryMs: 100 }, webhook: { backoffMs: 50, maxBackoffMs: 200 } };

/** A workspace with data/weather.csv tracked as v1 and this mlops.yaml, and a runtime on port 0 serving it. */
export async function startMonitorRuntime(yaml: string, options: MonitorServiceOptions = FAST): Promise<MonitorRuntime> {
  const ws = await monitorWorkspace(yaml);
  ws.close();
  const logs: string[] = [];
  const started = await Runtime.start({ workspace: ws.paths.root, log: (line) => logs.push(line), monitors: options });
  if (started.kind !== 'started') throw new Error('runtime did not start');
  const runtime = started.runtime;
  const all = (): RuntimeEvent[] => runtime.store.events.since(0, 100_000);
  const events = <K extends keyof RuntimeEventMap>(type: K): RuntimeEventMap[K][] => all().filter((e) => e.type === type).map((e) => e.data as RuntimeEventMap[K]);
  return {
    runtime,
    root: ws.paths.root,
    logs,
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`http://127.0.0.1:${runtime.info.port}${path}`, {
        method,
        headers: { authorization: `Bearer ${runtime.info.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : {}) as T };
    },
    events,
    async waitFor(type, test = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events(type).find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms; log:\n${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stop: () => runtime.stop('test done'),
  };
}

export const csvOf = (rows: readonly WeatherRow[]): string => ['temp,humidity,city', ...rows.map((r) => `${r.temp},${r.humidity},${r.city}`)].join('\n') + '\n';

export function writeCsv(dir: string, name: string, rows: readonly WeatherRow[]): void {
  writeFileSync(join(dir, name), csvOf(rows));
}

export interface WebhookServer {
  url: string;
  /** Bodies received, parsed, in order, with the status each was answered with (undefined: never answered). */
  received: { body: Record<string, unknown>; status?: number }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1: `answer` gives the status for the nth request (0-based), or 'hang' to never answer. */
export async function startWebhookServer(answer: (n: number) => number | 'hang'): Promise<WebhookServer> {
  const received: WebhookServer['received'] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: WebhookServer['received'][number] = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> };
      const status = answer(received.length);
      received.push(entry);
      if (status === 'hang') return void hanging.push(res);
      entry.status = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
