import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkDocument, loadWorkspaceConfig } from '../../src/core/config';
import { ConfigDocument, loadConfig, MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, parseConfig } from '../../src/core/workspace';
import * as workspace from '../../src/core/workspace/config';
import * as models from '../../src/core/registry/models-config';
import { loadModelsConfig } from '../../src/core/registry';
import * as monitors from '../../src/core/monitoring/monitors/monitors-config';
import { loadMonitorsConfig, parseMonitorsConfig } from '../../src/core/monitoring';
import * as retrain from '../../src/core/monitoring/retrain/retrain-config';
import * as serving from '../../src/core/models/serving/serving-config';
import { loadServingConfig, parseServingConfig } from '../../src/core/models';
import { tempDir } from '../helpers/temp';
import { ALIAS_BOMB } from '../integration/runtime/config-fixtures';

const check = (text: string, root?: string) => checkDocument(ConfigDocument.parse(text), root);

describe('mlops.yaml problems', () => {
  it('accepts one anchor reused a few hundred times (yaml alone refuses past 100)', () => {
    const text = `x-path: &p data/\ndata:\n  track:\n${'    - *p\n'.repeat(300)}`;
    const loaded = check(text);
    assert.deepEqual(loaded.errors, []);
    assert.equal(loaded.config.data.track.length, 300);
  });

  it('reports aliases that expand too far as a problem on the line of the first alias, never throwing', () => {
    const loaded = check(ALIAS_BOMB);
    assert.equal(loaded.readable, false);
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0]!.line, 3);
    assert.match(loaded.errors[0]!, new RegExp(`^mlops\\.yaml:3: aliases \\(\\*a and others\\) expand beyond the limit of ${MAX_ALIAS_COUNT} values`));
    assert.deepEqual(loaded.config, { version: 1, data: { track: [] } });
    // Every section's own loader survives it too.
    const dir = tempDir();
    const file = join(dir, 'mlops.yaml');
    writeFileSync(file, ALIAS_BOMB);
    assert.equal(loadConfig(file).errors.length, 1);
    assert.deepEqual(loadMonitorsConfig(file).monitors, []);
    assert.equal(loadServingConfig(file).config.port, 5000);
    assert.deepEqual(loadModelsConfig(file).config.protectedAliases, ['champion']);
  });

  it('refuses an oversized file unread', () => {
    const dir = tempDir();
    const file = join(dir, 'mlops.yaml');
    writeFileSync(file, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\nversion: 1\n`);
    const loaded = loadWorkspaceConfig(file);
    assert.equal(loaded.readable, false);
    assert.match(loaded.errors[0]!, /^mlops\.yaml:1: the file is \d+ KiB; mlops\.yaml may be at most 1024 KiB/);
  });

  it('reports unknown keys anywhere with the line of the key, and suggests the key meant', () => {
    const text = ['version: 1', 'dat:', '  track: [data/]', 'data:', '  trak: [a]', 'models:', '  protected_alias: [x]', 'serving:', '  prot: 5001', '  prediction_log:', '    sample: 0.5', ''].join('\n');
    const { problems } = check(text);
    // The serving list grows with its settings: compare its ends only.
    const errors = check(text).errors.map((e) => e.replace(/(max_body_mb, ).*(, prediction_log\))/, '$1…$2'));
    assert.deepEqual(errors, [
      'mlops.yaml:2: unknown top-level setting "dat" (version, data, models, monitors, alerting, serving, schedules); did you mean "data"?',
      'mlops.yaml:5: unknown data setting "trak" (track, remote, gc, link); did you mean "track"?',
      'mlops.yaml:7: unknown models setting "protected_alias" (protected_aliases, allowed_sources); did you mean "protected_aliases"?',
      'mlops.yaml:9: unknown serving setting "prot" (host, port, max_body_mb, …, prediction_log); did you mean "port"?',
      'mlops.yaml:11: unknown serving.prediction_log setting "sample" (enabled, sample_rate, max_days, max_mb, flush_interval_ms)',
    ]);
    // The key itself is marked: columns 1–4 of "dat:".
    assert.deepEqual(problems[0], { line: 2, column: 1, endLine: 2, endColumn: 4, message: errors[0]!.replace(/^mlops\.yaml:2: /, '') });
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[2, 1], [5, 3], [7, 3], [9, 3], [11, 5]]);
  });

  it('lets x- keys hold anchors, and merge keys (<<: *name) share settings', () => {
    assert.deepEqual(check('x-common: &c {share: 0.3}\nversion: 1\n').errors, []);
    const shared = ['x-monitor: &m', '  model: weather@champion', '  window: {rows: 50}', 'monitors:', '  - <<: *m', '    name: a', '  - <<: *m', '    name: b', ''].join('\n');
    const loaded = parseMonitorsConfig(shared);
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual(loaded.monitors.map((m) => [m.name, m.model, m.window]), [['a', 'weather@champion', { rows: 50 }], ['b', 'weather@champion', { rows: 50 }]]);
  });

  it('reports bad serving values with their lines; each keeps its default, the good ones apply', () => {
    const text = 'serving:\n  port: -4\n  threads: 2\n  max_body_mb: lots\n  prediction_log:\n    sample_rate: 3\n';
    assert.deepEqual(check(text).errors, [
      'mlops.yaml:2: serving.port must be an integer from 0 to 65535',
      'mlops.yaml:4: serving.max_body_mb must be a number from 0.001 to 4096',
      'mlops.yaml:6: serving.prediction_log.sample_rate must be a number from 0 to 1',
    ]);
    const { config } = parseServingConfig(text);
    assert.equal(config.port, 5000);
    assert.equal(config.threads, 2);
  });

  it('leaves out only the bad data.track entries: outside the workspace, through a symlink, or .mlops', () => {
    const root = tempDir();
    const outside = tempDir();
    mkdirSync(join(root, 'data'));
    symlinkSync(outside, join(root, 'escape'));
    const text = ['data:', '  track:', '    - data/', '    - ../elsewhere.csv', '    - escape/*.csv', '    - .mlops/mlops.db', '    - 5', '    - "models/*.onnx"', ''].join('\n');
    writeFileSync(join(root, 'mlops.yaml'), text);
    const loaded = loadWorkspaceConfig(join(root, 'mlops.yaml'));
    assert.deepEqual(loaded.config.data.track, ['data/', 'models/*.onnx']);
    assert.deepEqual(
      loaded.problems.map((p) => p.line),
      [4, 5, 6, 7],
    );
    assert.match(loaded.errors[0]!, /^mlops\.yaml:4: data\.track entry '\.\.\/elsewhere\.csv': .* is outside .*; this entry is ignored, the others are tracked$/);
    assert.match(loaded.errors[1]!, /^mlops\.yaml:5: .*symbolic link/);
    assert.match(loaded.errors[2]!, /^mlops\.yaml:6: .*names \.mlops/);
    assert.match(loaded.errors[3]!, /^mlops\.yaml:7: data\.track must be a list of paths or globs; this entry is not one/);
    // Without a workspace to confine to (parsing text alone), the shape is still checked per entry.
    assert.deepEqual(parseConfig('data:\n  track: [a, 5, b]\n').config.data.track, ['a', 'b']);
  });

  it('a bad monitor disables only itself', () => {
    const text = ['monitors:', '  - name: good', '    model: m@champion', '  - name: bad', '    model: m@champion', '    windw: {rows: 5}', ''].join('\n');
    const loaded = parseMonitorsConfig(text);
    assert.deepEqual(loaded.monitors.map((m) => m.name), ['good']);
    assert.match(loaded.errors[0]!, /^mlops\.yaml:6: unknown monitor setting "windw" .*did you mean "window"\?$/);
  });

  it('knows the same keys as media/mlops.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../media/mlops.schema.json'), 'utf8')) as Schema;
    const props = (node: Schema | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
    const monitor = schema.properties!.monitors!.items!;
    const pairs: [string, readonly string[], Schema | undefined][] = [
      ['top level', workspace.TOP_LEVEL_KEYS, schema],
      ['data', workspace.DATA_KEYS, schema.properties!.data],
      ['data.gc', workspace.GC_KEYS, schema.properties!.data!.properties!.gc],
      ['models', models.MODELS_KEYS, schema.properties!.models],
      ['serving', serving.SERVING_KEYS, schema.properties!.serving],
      ['serving.prediction_log', serving.PREDICTION_LOG_KEYS, schema.properties!.serving!.properties!.prediction_log],
      ['alerting', retrain.ALERTING_KEYS, schema.properties!.alerting],
      ['monitor', monitors.MONITOR_KEYS, monitor],
      ['monitor.labels', monitors.LABELS_KEYS, monitor.properties!.labels],
      ['monitor.drift', monitors.DRIFT_KEYS, monitor.properties!.drift],
      ['monitor.alerts', monitors.RULE_KEYS, monitor.properties!.alerts!.items],
      ['monitor.retrain', retrain.RETRAIN_KEYS, monitor.properties!.retrain],
      ['monitor.retrain.validation', retrain.VALIDATION_KEYS, monitor.properties!.retrain!.properties!.validation],
    ];
    for (const [where, keys, node] of pairs) {
      assert.deepEqual([...keys].sort(), props(node), where);
      assert.equal(node?.additionalProperties, false, `${where}: the schema should refuse unknown keys as the runtime does`);
    }
  });
});

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
}
