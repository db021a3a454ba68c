// What the DAG panel sends its page: the whole graph only when its shape changes, else the changed states.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dagUpdate } from '../../../src/extension/pipelines/dag/dag-updates';
import { dagFixture } from './dag-fixture';

describe('pipeline DAG updates', () => {
  it('sends the graph first, then nothing while nothing changed', () => {
    const first = dagUpdate(undefined, dagFixture());
    assert.equal(first.kind, 'graph');
    const again = dagUpdate(first.sent, dagFixture());
    assert.deepEqual(again.kind === 'states' && again.changes, []);
  });

  it('sends only the stages whose state changed', () => {
    const { sent } = dagUpdate(undefined, dagFixture());
    const pipelines = dagFixture();
    Object.assign(pipelines[0]!.stages[0]!, { state: 'running', reasons: [], startedAt: 5 });
    pipelines[0]!.stages[3]!.lastRun = { runId: 'r1', status: 'FINISHED' };
    const update = dagUpdate(sent, pipelines);
    assert.equal(update.kind, 'states');
    assert.deepEqual(update.kind === 'states' && update.changes, [{ id: 'prepare', state: 'running', reasons: [], startedAt: 5 }]);
    const next = dagUpdate(update.sent, pipelines);
    assert.deepEqual(next.kind === 'states' && next.changes, []);
  });

  it('sends the graph again when a stage, an edge, a file or a line changes', () => {
    const { sent } = dagUpdate(undefined, dagFixture());
    const edits: ((p: ReturnType<typeof dagFixture>) => void)[] = [
      (p) => p[0]!.stages.pop(),
      (p) => p[0]!.stages[1]!.upstream.push('stats'),
      (p) => p[0]!.stages[1]!.outs.push('out/extra.csv'),
      (p) => (p[0]!.stages[1]!.params = []),
      (p) => (p[0]!.stages[1]!.line = 9),
    ];
    for (const edit of edits) {
      const pipelines = dagFixture();
      edit(pipelines);
      assert.equal(dagUpdate(sent, pipelines).kind, 'graph', edit.toString());
    }
  });
});
