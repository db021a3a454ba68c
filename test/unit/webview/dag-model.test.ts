// The DAG page's pure part: pipelines → graph model → dagre's input → positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphModel, splitParam, stageNodeId } from '../../../webview-ui/dag/graph-model';
import { charsFitting, fitText, layOut, layoutInput, nodeWidth } from '../../../webview-ui/dag/layout';
import { stateLine, stageTooltip } from '../../../webview-ui/dag/stage-text';
import { dagFixture } from './dag-fixture';

const edgeSet = (edges: { from: string; to: string }[] | { v: string; w: string }[]): string[] =>
  edges.map((e) => ('from' in e ? `${e.from} -> ${e.to}` : `${e.v} -> ${e.w}`)).sort();

describe('pipeline DAG graph model', () => {
  it('has one node per stage and the upstream edges, stage states carried over', () => {
    const model = graphModel(dagFixture(), { showData: false });
    assert.deepEqual(model.nodes.map((n) => n.id), ['prepare', 'featurize', 'stats', 'train', 'evaluate'].map(stageNodeId));
    assert.deepEqual(edgeSet(model.edges), [
      'stage:featurize -> stage:train',
      'stage:prepare -> stage:featurize',
      'stage:prepare -> stage:stats',
      'stage:stats -> stage:evaluate',
      'stage:train -> stage:evaluate',
    ]);
    const prepare = model.nodes[0]!;
    assert.equal(prepare.kind === 'stage' && prepare.state, 'changed');
    assert.deepEqual(prepare.kind === 'stage' && prepare.reasons, ['dep data/weather.csv modified']);
  });

  it('with data shown: files and params between the stages, a dep inside an output folder joined to that folder', () => {
    const model = graphModel(dagFixture(), { showData: true });
    const data = model.nodes.filter((n) => n.kind === 'data');
    assert.deepEqual(data.map((n) => n.id).sort(), ['data:data/weather.csv', 'data:out/features.csv', 'data:out/metrics.json', 'data:out/model.json', 'data:out/prepared', 'data:out/stats.json', 'data:pipeline/prepare.js']);
    assert.equal(data.find((n) => n.id === 'data:out/prepared')?.kind === 'data' && data.find((n) => n.id === 'data:out/prepared')!.output, true);
    assert.equal(data.find((n) => n.id === 'data:data/weather.csv')?.kind === 'data' && data.find((n) => n.id === 'data:data/weather.csv')!.output, false);
    const edges = edgeSet(model.edges);
    // featurize reads out/prepared/train.csv: drawn from the out/prepared node, no node of its own.
    assert.ok(edges.includes('data:out/prepared -> stage:featurize'));
    assert.ok(!model.nodes.some((n) => n.id === 'data:out/prepared/train.csv'));
    // Stages joined through a drawn file get no direct edge.
    assert.ok(!edges.includes('stage:prepare -> stage:featurize'));
    assert.ok(edges.includes('stage:prepare -> data:out/prepared'));
    // Params: keys of params.yaml by key, other files by file.
    const params = model.nodes.filter((n) => n.kind === 'param').map((n) => n.label).sort();
    assert.deepEqual(params, ['eval.yaml', 'featurize.window', 'train.epochs', 'train.lr']);
    assert.ok(edges.includes('param:params.yaml:train.lr -> stage:train'));
    assert.ok(edges.includes('param:eval.yaml -> stage:evaluate'));
  });

  it('keeps a direct edge when no drawn file joins two dependent stages', () => {
    const pipelines = dagFixture();
    // A dep that holds the upstream output (a folder around it) joins them without a shared node.
    pipelines[0]!.stages[2]!.deps = ['out'];
    const edges = edgeSet(graphModel(pipelines, { showData: true }).edges);
    assert.ok(edges.includes('stage:prepare -> stage:stats'));
    assert.ok(edges.includes('data:out -> stage:stats'));
  });

  it('splits params into file and key', () => {
    assert.deepEqual(splitParam('params.yaml:train.lr'), { file: 'params.yaml', key: 'train.lr' });
    assert.deepEqual(splitParam('conf/eval.yaml'), { file: 'conf/eval.yaml' });
  });
});

describe('pipeline DAG layout input', () => {
  it('gives dagre every node with a size from its text and every edge, left to right', () => {
    const model = graphModel(dagFixture(), { showData: false });
    const input = layoutInput(model);
    assert.equal(input.graph.rankdir, 'LR');
    assert.deepEqual(input.nodes.map((n) => n.id), model.nodes.map((n) => n.id));
    assert.deepEqual(edgeSet(input.edges), edgeSet(model.edges));
    for (const n of input.nodes) {
      assert.ok(n.width >= 190 && n.width <= 320, `${n.id} width ${n.width}`);
      assert.equal(n.height, 48);
    }
    const long = { ...model.nodes[0]!, label: 'x'.repeat(200) };
    assert.equal(nodeWidth(long), 320);
    // A stage is as wide as its state line needs: 'changed: dep data/weather.csv modified' fits.
    assert.equal(input.nodes[0]!.width, Math.ceil('changed: dep data/weather.csv modified'.length * 7.2 + 24));
    // Every label fits its node uncut.
    for (const n of graphModel(dagFixture(), { showData: true }).nodes) assert.equal(fitText(n.label, charsFitting(nodeWidth(n))), n.label);
  });

  it('drops edges to nodes it does not have and self-loops', () => {
    const model = graphModel(dagFixture(), { showData: false });
    model.edges.push({ from: 'stage:prepare', to: 'stage:gone' }, { from: 'stage:train', to: 'stage:train' });
    assert.equal(layoutInput(model).edges.length, 5);
  });

  it('dagre places each stage right of its upstream stages, without overlaps', () => {
    const model = graphModel(dagFixture(), { showData: true });
    const laid = layOut(layoutInput(model));
    assert.ok(laid.width > 0 && laid.height > 0);
    for (const e of laid.edges) {
      const from = laid.nodes.get(e.from)!;
      const to = laid.nodes.get(e.to)!;
      assert.ok(from.x < to.x, `${e.from} is left of ${e.to}`);
      assert.ok(e.points.length >= 2);
    }
    const boxes = [...laid.nodes.entries()];
    for (const [i, [a, p]] of boxes.entries()) {
      for (const [b, q] of boxes.slice(i + 1)) {
        const apart = Math.abs(p.x - q.x) * 2 >= p.width + q.width || Math.abs(p.y - q.y) * 2 >= p.height + q.height;
        assert.ok(apart, `${a} and ${b} overlap`);
      }
    }
  });
});

describe('pipeline DAG node text', () => {
  it('says the state with its first reason, or the time running', () => {
    assert.equal(stateLine({ state: 'changed', reasons: ['dep x modified', 'y'] }, 0), 'changed: dep x modified');
    assert.equal(stateLine({ state: 'running', reasons: [], startedAt: 1_000 }, 76_500), 'running 1m 15s');
    assert.equal(stateLine({ state: 'up-to-date', reasons: [] }, 0), 'up to date');
    assert.match(stageTooltip('train', { state: 'failed', reasons: ['exit code 1'] }), /train: failed\n• exit code 1/);
  });

  it('cuts text to the node, paths keeping their end', () => {
    assert.equal(fitText('abcdefgh', 5), 'abcd…');
    assert.equal(fitText('data/prepared/train.csv', 10, true), '…train.csv');
    assert.equal(fitText('short', 10), 'short');
    assert.equal(charsFitting(130), 14);
  });
});
