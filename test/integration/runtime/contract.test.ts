import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { buildRouter } from '../../../src/runtime/app';
import { ALL_ROUTES } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/temp';

/** Every method and path a declaration serves: its path and its `also` paths (MLflow's /ajax-api twins). */
const servedBy = (r: (typeof ALL_ROUTES)[number]): string[] => [r.path, ...r.also].map((path) => `${r.method} ${path}`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the contract', () => {
  let runtime: Runtime;
  before(async () => {
    const started = await Runtime.start({ workspace: tempDir('contract-'), log: () => undefined });
    if (started.kind !== 'started') throw new Error(`runtime did not start: ${started.kind}`);
    runtime = started.runtime;
  });
  after(async () => runtime?.stop('test over'));

  it('declares every route the runtime serves, streams and downloads too, and serves every declaration', () => {
    const declared = new Set(ALL_ROUTES.flatMap(servedBy));
    const served = buildRouter(runtime.context)
      .list()
      .map((r) => `${r.method} ${r.pattern}`);
    assert.deepEqual([...new Set(served.filter((key) => !declared.has(key)))], []);
    assert.deepEqual([...declared].filter((key) => !served.includes(key)), []);
  });

  it('declares each method and path once', () => {
    const keys = ALL_ROUTES.flatMap(servedBy);
    assert.deepEqual(keys.filter((key, i) => keys.indexOf(key) !== i), []);
  });

  it("checks MLflow's params by their proto types, in MLflow's words", async () => {
    const { port, token } = runtime.info;
    const post = async (path: string, body: string) => {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as { error_code?: string; message?: string } };
    };
    const typed = await post('/api/2.0/mlflow/experiments/create', '{"name": 9.0}');
    assert.equal(typed.status, 400);
    assert.equal(typed.body.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(typed.body.message ?? '', /Invalid value 9\.0 for parameter 'name' supplied\. Hint: Value was of type 'float'/);
    const missing = await post('/ajax-api/2.0/mlflow/runs/log-metric', '{"run_id": "x", "value": 1}');
    assert.equal(missing.status, 400);
    assert.match(missing.body.message ?? '', /Missing value for required parameter 'key'/);
  });

  it('is how src/extension, src/cli and src/client reach the runtime: no request with a type the caller picks', () => {
    const raw = ['src/extension', 'src/cli', 'src/client']
      .flatMap(sourceFiles)
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line: i + 1, text: line })))
      .filter(({ text }) => /\b(client|runtime|requireClient\(\))\s*\.request\s*[<(]/.test(text))
      .map(({ file, line }) => `${file}:${line}`);
    assert.deepEqual(raw, []);
  });
});
