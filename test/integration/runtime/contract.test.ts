import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { buildRouter } from '../../../src/runtime/app';
import { ALL_ROUTES } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/temp';

/** Routes that are not JSON in, JSON out: an event stream and raw artifact bytes. Nothing else may go undeclared. */
const NOT_JSON = new Set([
  'GET /api/events',
  'PUT /api/2.0/mlflow-artifacts/artifacts/*',
  'GET /api/2.0/mlflow-artifacts/artifacts/*',
  'DELETE /api/2.0/mlflow-artifacts/artifacts/*',
  'GET /api/2.0/mlflow-artifacts/artifacts',
  'GET /get-artifact',
  'GET /api/2.0/mlflow/model-versions/get-artifact',
  'GET /model-versions/get-artifact',
  'GET /api/2.0/mlflow/logged-models/:id/artifacts/directories',
  'GET /api/2.0/mlflow/logged-models/:id/artifacts/files',
]);

/** MLflow serves the same API under /ajax-api for its web UI; one declaration covers both. */
const declaredPath = (pattern: string): string => pattern.replace(/^\/ajax-api\//, '/api/');

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

  it('declares every route the runtime serves, but the short list of non-JSON ones', () => {
    const declared = new Set(ALL_ROUTES.map((r) => `${r.method} ${r.path}`));
    const missing = buildRouter(runtime.context)
      .list()
      .map((r) => `${r.method} ${declaredPath(r.pattern)}`)
      .filter((key) => !declared.has(key) && !NOT_JSON.has(key));
    assert.deepEqual([...new Set(missing)], []);
  });

  it('declares each method and path once', () => {
    const keys = ALL_ROUTES.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(keys.filter((key, i) => keys.indexOf(key) !== i), []);
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
