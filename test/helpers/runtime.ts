import { Runtime } from '../../src/runtime';
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
