// A `mlops runtime` in a temporary workspace for the compatibility checks, and REST calls to it.
import { URLSearchParams } from 'node:url';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './kit.mjs';

/** Starts the runtime on `workspace` (created if missing); resolves once it prints its address. */
export async function startRuntime(workspace) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'runtime', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      if (/ ready on http/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}: ${output.slice(-600)}`)));
  });
  const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8'));
  const url = `http://127.0.0.1:${info.port}`;
  const headers = { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' };
  /** MLflow REST call: GET with a query object, POST/PATCH with a JSON body; resolves {status, json}. */
  const call = async (method, path, params = {}) => {
    const query = method === 'GET' ? `?${new URLSearchParams(params)}` : '';
    const res = await fetch(`${url}/api/2.0/mlflow/${path}${query}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(params) });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json };
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, info, url, token: info.token, call, stop, pid: child.pid };
}
