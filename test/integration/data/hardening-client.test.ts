import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Run, startRun } from '../../../src/client';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { listTree } from '../../helpers/hostile-paths';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

/** Issue #15, item 8: `fetch` resolves '..' before the runtime's guard could see it, so the client refuses it. */
const HOSTILE = ['../../other/artifacts/x.txt', 'a/../../../x.txt', '../x', '..', '.', './x', 'a//b', '/etc/x', '', 'a\\..\\..\\x', 'C:x', 'nul\0x'];

/** A port nothing listens on: any request sent there fails with a connection error, not ours. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Files under `dir` (relative, `/`-separated). */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? listTree(dir).filter((p) => statSync(join(dir, p)).isFile()) : [];
}

describe('the Node client keeps artifact paths inside the run', () => {
  let rt: TestRuntime;
  before(async () => {
    delete process.env.MLFLOW_TRACKING_URI;
    delete process.env.MLFLOW_RUN_ID;
    delete process.env.MLFLOW_EXPERIMENT_ID;
    rt = await startTestRuntime();
  });
  after(() => rt.stop());

  it('refuses a traversing artifact path before sending any request', async () => {
    const run = new Run(new RuntimeClient({ pid: 0, port: await closedPort(), token: 't', version: '' }), 'r1', '0', false);
    for (const path of HOSTILE) {
      await assert.rejects(run.logArtifact(path, 'evil'), /^Error: logArtifact: .* is not a path inside the run's artifacts/, JSON.stringify(path));
      await assert.rejects(run.registerModel('m', path), /^Error: registerModel: .* is not a path inside the run's artifacts/, JSON.stringify(path));
    }
  });

  it("cannot overwrite another run's artifacts; odd but plain names are sent percent-encoded and land inside the run", async () => {
    const mine = await startRun({ cwd: rt.workspace, experiment: 'hardening' });
    const other = await startRun({ cwd: rt.workspace, experiment: 'hardening' });
    await other.logArtifact('x.txt', 'theirs');
    const root = join(rt.workspace, '.mlops', 'artifacts');
    const before = filesUnder(root);
    await assert.rejects(mine.logArtifact(`../../${other.runId}/artifacts/x.txt`, 'evil'), /not a path inside the run's artifacts/);
    await assert.rejects(mine.logArtifact(`a/../../../${other.runId}/artifacts/x.txt`, 'evil'), /not a path inside the run's artifacts/);
    assert.deepEqual(filesUnder(root), before);
    const theirs = filesUnder(root).find((f) => f.includes(other.runId))!;
    assert.equal(readFileSync(join(root, theirs), 'utf8'), 'theirs');

    for (const name of ['odd name #?&.txt', '%2e%2e/x.txt', 'sub/ü.txt']) await mine.logArtifact(name, name);
    const added = filesUnder(root).filter((f) => !before.includes(f));
    assert.equal(added.length, 3, added.join(', '));
    for (const file of added) assert.ok(file.includes(`/${mine.runId}/artifacts/`), file);
    assert.deepEqual(added.map((f) => f.slice(f.indexOf('/artifacts/') + 11)).sort(), ['%2e%2e/x.txt', 'odd name #?&.txt', 'sub/ü.txt']);
    await mine.end();
    await other.end();
  });
});
