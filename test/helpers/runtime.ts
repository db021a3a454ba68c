import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeOptions } from '../../src/runtime';
import { Runtime } from '../../src/runtime';
import type { RuntimeEvent } from '../../src/shared/events';
import { RuntimeClient } from '../../src/shared/runtime-client';
import { tempDir } from './temp';

export interface TestRuntime {
  runtime: Runtime;
  workspace: string;
  stop(): Promise<void>;
  port: number;
  token: string;
  /** Calls an MLflow endpoint: POST with a JSON body, GET with query params. */
  call(method: string, path: string, body?: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }>;
}

/** An in-process runtime on port 0 in a fresh workspace; stop it with `stop()` in an after hook. */
export async function startTestRuntime(): Promise<TestRuntime> {
  const workspace = tempDir();
  const result = await Runtime.start({ workspace, log: () => undefined });
  if (result.kind !== 'started') throw new Error('runtime did not start');
  const runtime = result.runtime;
  const { port, token } = runtime.info;
  return {
    runtime,
    workspace,
    stop: () => runtime.stop('test done'),
    port,
    token,
    async call(method, path, body) {
      let url = `http://127.0.0.1:${port}${path}`;
      const init: RequestInit = { method, headers: { authorization: `Bearer ${token}` } };
      if (method === 'GET' && body) {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(body)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
        url += `?${query}`;
      } else if (body) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const res = await fetch(url, init);
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}

export interface FollowedRuntime {
  runtime: Runtime;
  client: RuntimeClient;
  workspace: string;
  /** Every event since the runtime started, in order. */
  events: RuntimeEvent[];
  /** The runtime's log lines. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * An in-process runtime on port 0 in a fresh workspace holding `files` (path → content), with a
 * client subscribed to its events from the first one; stop it with `stop()` in an after hook.
 */
export async function startFollowedRuntime(prefix: string, files: Record<string, string>, options: Partial<RuntimeOptions> = {}): Promise<FollowedRuntime> {
  const workspace = tempDir(prefix);
  for (const [path, content] of Object.entries(files)) writeFileSync(join(workspace, path), content);
  const log: string[] = [];
  const started = await Runtime.start({ ...options, workspace, log: (line) => log.push(line) });
  if (started.kind !== 'started') throw new Error('runtime did not start');
  const runtime = started.runtime;
  const client = new RuntimeClient(runtime.info);
  const events: RuntimeEvent[] = [];
  const sub = client.subscribe({ since: 0, onEvent: (e) => events.push(e) });
  return {
    runtime,
    client,
    workspace,
    events,
    log,
    async stop() {
      sub.close();
      await runtime.stop('test done');
    },
  };
}
