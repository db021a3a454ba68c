import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChildrenGuard, isViewProblem } from '../../../src/extension/views/view-error';
import type { ViewErrorNode } from '../../../src/extension/views/view-error';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

type Node = { kind: 'experiment'; name: string };

describe('a tree view guarded against failed runtime requests', () => {
  let runtime: Runtime;
  let client: RuntimeClient;
  let ready = true;
  const logged: string[] = [];
  const guard = new ChildrenGuard({ view: 'mlops.runs', noun: 'runs', log: { error: (m) => logged.push(m) }, runtimeReady: () => ready });

  const experiments = async (): Promise<Node[]> => {
    const { experiments = [] } = await client.request<{ experiments?: { name: string }[] }>('POST', '/api/2.0/mlflow/experiments/search', { max_results: 10 });
    return experiments.map((e) => ({ kind: 'experiment', name: e.name }));
  };
  const missingRun = async (): Promise<Node[]> => {
    await client.request('GET', '/api/2.0/mlflow/runs/get?run_id=0123456789abcdef0123456789abcdef');
    return [];
  };

  before(async () => {
    const started = await Runtime.start({ workspace: tempDir(), log: () => undefined });
    if (started.kind !== 'started') throw new Error('runtime did not start');
    runtime = started.runtime;
    client = new RuntimeClient(runtime.info);
  });
  after(() => runtime.stop('test done'));

  it('passes the children through when the request succeeds', async () => {
    const children = await guard.children(undefined, experiments);
    assert.ok(children.some((c) => !isViewProblem(c) && c.name === 'Default'), JSON.stringify(children));
    assert.deepEqual(logged, []);
  });

  it('shows one error row with the runtime’s reason where the children would be, and logs it once', async () => {
    const parent: Node = { kind: 'experiment', name: 'Default' };
    const first = await guard.children(parent, missingRun);
    assert.equal(first.length, 1);
    const error = first[0] as ViewErrorNode;
    assert.equal(error.kind, 'viewError');
    assert.equal(error.view, 'mlops.runs');
    assert.equal(error.parent, parent);
    assert.match(error.message, /0123456789abcdef0123456789abcdef/);
    await guard.children(parent, missingRun);
    assert.equal(logged.length, 1, 'the same failure again is not logged again');
    assert.match(logged[0]!, /^mlops\.runs: could not load runs: .*0123456789abcdef/);
  });

  it('logs the same failure again once the view loaded cleanly in between', async () => {
    logged.length = 0;
    await guard.children(undefined, experiments);
    await guard.children(undefined, missingRun);
    await guard.children(undefined, missingRun);
    assert.equal(logged.length, 1);
  });

  it('offers Show Logs, then Retry of the same view, under the error row', async () => {
    const [error] = (await guard.children(undefined, missingRun)) as ViewErrorNode[];
    const actions = guard.actions(error!);
    assert.deepEqual(
      actions.map((a) => [a.kind, a.action, a.view, a.error === error]),
      [
        ['viewAction', 'showLogs', 'mlops.runs', true],
        ['viewAction', 'retry', 'mlops.runs', true],
      ],
    );
    assert.ok(actions.every(isViewProblem));
  });

  it('keeps the view empty (its welcome content) when the runtime is not running, with nothing logged', async () => {
    logged.length = 0;
    const gone = new RuntimeClient({ ...runtime.info }, 2_000);
    await runtime.stop('test: runtime gone');
    ready = false;
    const children = await guard.children(undefined, () => gone.request('GET', '/api/data/datasets'));
    assert.deepEqual(children, []);
    assert.deepEqual(logged, []);
  });
});
