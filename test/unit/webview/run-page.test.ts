// The built run page (dist/webview/run-page.js, as `npm test`'s pretest builds it) in a DOM, driven
// by the messages the extension sends; chart.js finds no 2D context there and draws nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArtifactPreview, RunPageMetric, RunPageResponse } from '../../../src/shared/run-page';
import { parseRunPageFromWebview, parseRunPageToWebview } from '../../../src/shared/webview/run-page-messages';
import { openBundlePage, type BundlePage } from './bundle-page';

const RUN_ID = 'a1b2c3d4e5f6';
const state = { runId: RUN_ID, selected: null };

function metric(key: string, values: number[]): RunPageMetric {
  return { key, latest: values.at(-1)!, min: Math.min(...values), max: Math.max(...values), count: values.length, step: values.length - 1, x: values.map((_, i) => i), y: values };
}

function page(overrides: { status?: RunPageResponse['run']['status']; metrics?: RunPageMetric[]; files?: RunPageResponse['artifacts']['files'] } = {}): RunPageResponse {
  return {
    run: {
      run_id: RUN_ID,
      run_name: 'bright-owl',
      experiment_id: '1',
      experiment_name: 'weather',
      status: overrides.status ?? 'FINISHED',
      lifecycle_stage: 'active',
      start_time: 1_700_000_000_000,
      end_time: overrides.status === 'RUNNING' ? null : 1_700_000_042_000,
      artifact_uri: `mlflow-artifacts:/1/${RUN_ID}/artifacts`,
      params: { learning_rate: '0.1', epochs: '40' },
      tags: {
        'mlops.command': JSON.stringify(['node', 'train.js']),
        'mlflow.source.git.commit': '0123456789abcdef0123',
        'mlflow.source.git.branch': 'main',
        'mlops.git.dirty': 'true',
        'mlops.data.data': 'v2 fedcba9876543210fedcba9876543210',
        'mlops.exit_code': '0',
        'mlops.node.version': 'v20.1.0',
        team: 'forecast',
      },
    },
    metrics: overrides.metrics ?? [metric('val_accuracy', [0.5, 0.6, 0.7]), metric('loss', [1, 0.8, 0.6]), metric('system/cpu_percent', [10, 20])],
    artifacts: {
      dir: `/work/.mlops/artifacts/1/${RUN_ID}/artifacts`,
      files: overrides.files ?? [
        { path: 'lineage', is_dir: true },
        { path: 'lineage/git.diff', is_dir: false, size: 120 },
        { path: 'model', is_dir: true },
        { path: 'model/model.onnx', is_dir: false, size: 900 },
        { path: 'model/weights.json', is_dir: false, size: 300 },
      ],
      truncated: false,
    },
  };
}

const onnxPreview: ArtifactPreview = {
  kind: 'onnx',
  path: 'model/model.onnx',
  size: 900,
  signature: {
    irVersion: 8,
    opsets: [{ domain: '', version: 17 }],
    producer: { name: 'local-mlops', version: '1' },
    inputs: [{ name: 'input', kind: 'tensor', elemType: 'float', shape: ['N', 6] }],
    outputs: [{ name: 'label', kind: 'tensor', elemType: 'string', shape: ['N'] }],
    metadata: { feature_names: JSON.stringify(['temp_max', 'wind']) },
  },
};

let view: BundlePage;

const app = () => view.app();
const $ = (selector: string) => app().querySelector(selector);
const $$ = (selector: string) => [...app().querySelectorAll(selector)];
const send = (data: unknown): void => view.send(data);
const click = (selector: string): void => view.click(selector);

describe('run page (built bundle in a DOM)', () => {
  before(() => {
    view = openBundlePage('run-page');
  });
  after(() => view.close());

  it('says it is ready, then shows the loading state and saves the run it shows', () => {
    assert.deepEqual(view.posted, [{ type: 'ready', state: null }]);
    send({ type: 'loading', state });
    assert.match($('#page-status')!.textContent!, /Loading the run/);
    assert.deepEqual(view.saved, state);
  });

  it('renders status, duration, lineage with links, params, a chart per metric and system metrics apart', () => {
    send({ type: 'data', state, data: { page: page(), models: [{ name: 'weather', version: '3' }] } });
    assert.equal($('#run-name')!.textContent, 'bright-owl');
    assert.equal($('#run-status')!.getAttribute('data-status'), 'finished');
    assert.equal($('#fact-duration')!.textContent, '42s');
    assert.equal($('#fact-experiment')!.textContent, 'weather');
    assert.match($('#lineage-command')!.textContent!, /node train\.js/);
    assert.match($('#lineage-git')!.textContent!, /0123456789ab on main with uncommitted changes/);
    assert.equal($('.lineage-data button')!.textContent, 'data v2');
    assert.equal($('.lineage-model button')!.textContent, 'weather v3');
    assert.deepEqual($$('#params tr').map((r) => r.getAttribute('data-key')), ['epochs', 'learning_rate']);
    assert.deepEqual($$('#metric-charts canvas').map((c) => c.getAttribute('data-metric')), ['loss', 'val_accuracy']);
    assert.deepEqual($$('#system-charts canvas').map((c) => c.getAttribute('data-metric')), ['system/cpu_percent']);
    assert.ok(!$('#system-section')!.hasAttribute('hidden'));
    assert.equal($('#metrics-table tr[data-metric="val_accuracy"] td')!.textContent, '0.7');
    assert.deepEqual($$('#tags tr').map((r) => r.getAttribute('data-key')), ['team']);
  });

  it('asks the extension to reveal the data and model versions, and copies the commit', () => {
    click('.lineage-data button');
    assert.deepEqual(view.posted.at(-1), { type: 'revealDataset', path: 'data', version: 2 });
    click('.lineage-model button');
    assert.deepEqual(view.posted.at(-1), { type: 'revealModel', name: 'weather', version: '3' });
    click('#lineage-git button[data-action="copy"]');
    assert.deepEqual(view.posted.at(-1), { type: 'copy', text: '0123456789abcdef0123' });
  });

  it('lists the artifacts as a tree; picking a file asks for its preview and shows the ONNX signature', () => {
    assert.deepEqual($$('#artifact-tree button.artifact').map((b) => b.getAttribute('data-path')), ['lineage/git.diff', 'model/model.onnx', 'model/weights.json']);
    assert.deepEqual($$('#artifact-tree details').map((d) => d.getAttribute('data-dir')), ['lineage', 'model']);
    click('button.artifact[data-path="model/model.onnx"]');
    assert.deepEqual(view.posted.at(-1), { type: 'preview', path: 'model/model.onnx' });
    assert.deepEqual(view.saved, { runId: RUN_ID, selected: 'model/model.onnx' });
    send({ type: 'preview', preview: onnxPreview });
    assert.equal($('#artifact-preview')!.getAttribute('data-kind'), 'onnx');
    assert.deepEqual($$('.onnx-input tbody tr td').map((td) => td.textContent), ['input', 'float', '[N, 6]']);
    assert.match($('.preview-onnx .features')!.textContent!, /temp_max, wind/);
    click('#preview-open');
    assert.deepEqual(view.posted.at(-1), { type: 'openArtifact', path: 'model/model.onnx' });
    click('#preview-reveal');
    assert.deepEqual(view.posted.at(-1), { type: 'revealArtifact', path: 'model/model.onnx' });
  });

  it('previews JSON, CSV as a table, and images; a late preview of another file is ignored', () => {
    click('button.artifact[data-path="model/weights.json"]');
    send({ type: 'preview', preview: onnxPreview });
    assert.notEqual($('#artifact-preview')!.getAttribute('data-kind'), 'onnx', 'the stale answer for the ONNX file does not show');
    send({ type: 'preview', preview: { kind: 'json', path: 'model/weights.json', size: 30, text: '{\n  "a": 1\n}', truncated: false } });
    assert.equal($('pre.preview-json')!.textContent, '{\n  "a": 1\n}');
    click('button.artifact[data-path="lineage/git.diff"]');
    send({ type: 'preview', preview: { kind: 'csv', path: 'lineage/git.diff', size: 30, columns: ['a', 'b'], rows: [['1', '2']], truncated: false } });
    assert.deepEqual($$('table.preview-csv th').map((th) => th.textContent), ['a', 'b']);
    assert.match($('.preview-note')!.textContent!, /1 rows × 2 columns/);
    send({ type: 'preview', preview: { kind: 'image', path: 'lineage/git.diff', size: 10, dataUri: 'data:image/png;base64,AAAA' } });
    assert.equal($('img.preview-image')!.getAttribute('src'), 'data:image/png;base64,AAAA');
  });

  it('follows the run live: new metric points, a new metric, new artifacts and the final status', () => {
    send({ type: 'data', state, data: { page: page({ status: 'RUNNING', metrics: [metric('val_accuracy', [0.5, 0.6, 0.7, 0.8]), metric('loss', [1])], files: [...page().artifacts.files, { path: 'model/extra.txt', is_dir: false, size: 2 }] }), models: [] } });
    assert.equal($('#run-status')!.getAttribute('data-status'), 'running');
    assert.equal($('#metric-charts canvas[data-metric="val_accuracy"]')!.getAttribute('data-points'), '4');
    assert.ok($('#system-section')!.hasAttribute('hidden'), 'no system metrics in this answer');
    assert.ok($('button.artifact[data-path="model/extra.txt"]'));
    assert.equal($$('.lineage-model').length, 0);
    assert.equal(app().getAttribute('data-artifacts'), '4');
  });

  it('offers a retry after an error and ignores malformed messages', () => {
    send({ type: 'error', state, message: 'The MLOps runtime is not running.' });
    click('#retry');
    assert.deepEqual(view.posted.at(-1), { type: 'refresh' });
    const before = app().innerHTML;
    send({ type: 'data', state, data: { page: { run: 'x' }, models: [] } });
    send({ type: 'preview', preview: { kind: 'image', path: 'x.png', size: 1, dataUri: 'javascript:alert(1)' } });
    assert.equal(app().innerHTML, before);
  });
});

describe('run page messages', () => {
  it('accepts only well-formed requests from the page', () => {
    assert.deepEqual(parseRunPageFromWebview({ type: 'revealDataset', path: 'data', version: 2 }), { type: 'revealDataset', path: 'data', version: 2 });
    assert.equal(parseRunPageFromWebview({ type: 'revealDataset', path: 'data', version: '2' }), undefined);
    assert.equal(parseRunPageFromWebview({ type: 'openArtifact', path: '' }), undefined);
    assert.equal(parseRunPageFromWebview({ type: 'delete' }), undefined);
    assert.deepEqual(parseRunPageFromWebview({ type: 'ready', state: { runId: 'r', selected: 'a.txt' } }), { type: 'ready', state: { runId: 'r', selected: 'a.txt' } });
  });

  it('accepts a preview only of a known kind with its fields', () => {
    assert.ok(parseRunPageToWebview({ type: 'preview', preview: onnxPreview }));
    assert.equal(parseRunPageToWebview({ type: 'preview', preview: { kind: 'html', path: 'a', size: 1, text: '<b>' } }), undefined);
    assert.equal(parseRunPageToWebview({ type: 'data', state, data: { page: page(), models: [{ name: 'm' }] } }), undefined);
  });
});
