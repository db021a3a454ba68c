import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FuzzTarget } from '../../helpers/route-fuzz';
import { escapedFiles, fuzzRoutes, histogram, send, startFuzzTarget } from '../../helpers/route-fuzz';

/** Seeded, so a failure replays; MLOPS_FUZZ_SEED and MLOPS_FUZZ_PER_ROUTE explore further. */
const SEED = Number(process.env.MLOPS_FUZZ_SEED ?? 15);
const PER_ROUTE = Number(process.env.MLOPS_FUZZ_PER_ROUTE ?? 30);

/** Issue 15: random JSON, paths and queries on every route of the router table give no 5xx, no crash, no file outside the workspace. */
describe('fuzzing every runtime route', () => {
  let target: FuzzTarget;

  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.runtime.stop('test done'));

  it('enumerates the routes from the router table', () => {
    const patterns = new Set(target.routes.map((r) => `${r.method} ${r.pattern}`));
    assert.ok(target.routes.length > 100, `${target.routes.length} routes`);
    for (const route of ['POST /api/data/add', 'POST /api/models/validation', 'GET /api/2.0/mlflow/runs/get', 'PUT /api/2.0/mlflow-artifacts/artifacts/*', 'POST /api/monitors/:name/labels']) {
      assert.ok(patterns.has(route), route);
    }
  });

  it(`answers ${PER_ROUTE} random requests per route (seed ${SEED}) below 500, stays up and writes nothing outside the workspace`, async () => {
    const tally = await fuzzRoutes(target, { seed: SEED, perRoute: PER_ROUTE, shrink: true });
    const failures = tally.failures.slice(0, 5).map(({ request, outcome }) => ({
      request: `${request.method} ${request.path.slice(0, 200)} ${(request.body ?? '').slice(0, 200)}`,
      outcome: { ...outcome, body: outcome.body?.slice(0, 300) },
    }));
    assert.deepEqual(failures, [], `${tally.failures.length} of ${tally.sent} requests got a 5xx or no answer (${histogram(tally.statuses)})`);
    assert.equal(tally.sent, target.routes.length * PER_ROUTE);
    assert.deepEqual(
      target.log.filter((line) => /failed \(request/.test(line)),
      [],
      'no error reached the log as a 5xx',
    );
    assert.equal((await send(target.port, target.token, { method: 'GET', path: '/health', headers: {} })).status, 200);
    assert.deepEqual(escapedFiles(target), []);
  });
});
