import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

/** A leftover of an upload killed two hours ago, which the runtime sweeps once it has started. */
function staleUpload(workspace: string): string {
  const dir = join(workspace, '.mlops', 'artifacts', '1', 'run', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'model.onnx.0123456789ab.partial');
  writeFileSync(path, 'x');
  const when = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(path, when, when);
  return path;
}

async function start(workspace: string): Promise<Runtime> {
  const result = await Runtime.start({ workspace, log: () => undefined });
  if (result.kind !== 'started') throw new Error('runtime did not start');
  return result.runtime;
}

describe('runtime start order: work no request needs runs after the first answer', () => {
  it('with no request at all, still sweeps leftovers and applies an mlops.yaml edit made right after start', async () => {
    const workspace = tempDir();
    const leftover = staleUpload(workspace);
    const runtime = await start(workspace);
    try {
      writeFileSync(join(workspace, 'mlops.yaml'), 'version: 1\ndata: 3\n');
      await until('the leftover is swept', () => !existsSync(leftover));
      await until('the edit is applied', () => runtime.context.configErrors.some((e) => /data/.test(e)));
    } finally {
      await runtime.stop('test done');
    }
  });

  it('answers the first request, then sweeps; a runtime stopped before then starts none of it', async () => {
    const workspace = tempDir();
    const leftover = staleUpload(workspace);
    const runtime = await start(workspace);
    try {
      const res = await fetch(`http://127.0.0.1:${runtime.info.port}/health`);
      assert.equal(res.status, 200);
      await until('the leftover is swept', () => !existsSync(leftover));
    } finally {
      await runtime.stop('test done');
    }
    const other = tempDir();
    const kept = staleUpload(other);
    const stopped = await start(other);
    await stopped.stop('stopped at once');
    // Nothing runs after stop: the deferred work's timer was cleared with the server.
    assert.ok(existsSync(kept));
  });
});
