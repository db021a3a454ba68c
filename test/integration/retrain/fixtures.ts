import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MonitorStore } from '../../../src/core/monitoring';
import type { StoredAlert } from '../../../src/core/monitoring';
import { validateModel } from '../../../src/core/models';
import { logisticRegressionModel } from '../../../src/core/models';
import type { ModelRegistry } from '../../../src/core/registry';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import type { Store } from '../../../src/core/store';
import type { WorkspacePaths } from '../../../src/core/workspace';
import type { MonitorConfig } from '../../../src/core/monitoring';
import { loadMonitorsConfig } from '../../../src/core/monitoring';
import { Runtime } from '../../../src/runtime';
import { Retrainer } from '../../../src/runtime/retrain';
import type { RetrainerOptions } from '../../../src/runtime/retrain';
import type { RetrainStatus, RetrainTrigger } from '../../../src/shared/monitors';
import { CLI } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { binaryRows, writeCsv } from '../validation/fixtures';

export const MONITOR = 'clf-drift';

/**
 * p(1) = sigmoid(x0 − x1 + bias). On the held-out rows (binaryRows(200)) bias 0 scores accuracy
 * 0.9, −1 0.805 (the champion, v1), −2 0.73. The ranking (roc_auc) barely moves, hence
 * max_regression 0.01 in mlops.yaml.
 */
export const BIAS = { good: 0, champion: -1, bad: -2 } as const;
export const classifier = (bias: number): Uint8Array => logisticRegressionModel({ weights: [[1, -1]], biases: [bias] });

/**
 * The training a retrain runs: `node train.js KIND` under `mlops run`. good/bad register a
 * classifier linked to the run; nothing registers none; fail exits 3; slow takes a minute. Each records the trigger and
 * data version it was handed as run tags.
 */
const TRAIN_JS = `const { startRun, logisticRegressionModel } = require('local-mlops/client');
const kind = process.argv[2];
const biases = { good: ${BIAS.good}, bad: ${BIAS.bad} };
(async () => {
  if (kind === 'fail') {
    console.error('boom: the training failed');
    process.exit(3);
  }
  if (kind === 'slow') {
    console.log('training for a minute');
    await new Promise((resolve) => setTimeout(resolve, 60000));
  }
  const run = await startRun();
  await run.setTag('seen.trigger', process.env.MLOPS_RETRAIN_TRIGGER || '');
  await run.setTag('seen.data', [process.env.MLOPS_DATA_PATH, process.env.MLOPS_DATA_VERSION, process.env.MLOPS_DATA_MD5].join(' '));
  if (kind in biases) {
    const bytes = logisticRegressionModel({ weights: [[1, -1]], biases: [biases[kind]] });
    await run.logArtifact('model/model.onnx', Buffer.from(bytes));
    const version = await run.registerModel('clf', 'model/model.onnx');
    console.log('registered clf v' + version.version);
  }
  await run.end();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

export interface RetrainSettings {
  command?: string;
  task?: string;
  policy?: 'ask' | 'auto';
  schedule?: string;
}

export function monitorsYaml(settings: RetrainSettings): string {
  return `monitors:
  - name: ${MONITOR}
    model: clf@champion
    reference: data/train.csv
    alerts:
      - when: "drift_share > 0.3"
        retrain: true
    retrain:
${settings.command ? `      command: ${settings.command}\n` : ''}${settings.task ? `      task: ${settings.task}\n` : ''}      policy: ${settings.policy ?? 'auto'}
${settings.schedule ? `      schedule: "${settings.schedule}"\n` : ''}      validation:
        data: data/holdout.csv
        label: y
        max_regression: 0.01
  - name: no-retrain
    model: clf@champion
    reference: data/train.csv
`;
}

export interface RetrainWorkspace {
  paths: WorkspacePaths;
  store: Store;
  registry: ModelRegistry;
  runtime: Runtime;
  retrainer: Retrainer;
  monitor(): MonitorConfig;
  /** Stores an alert of the retrain rule, as a monitor run would. */
  alert(): StoredAlert[];
  /** retrain.changed events published so far, as statuses. */
  publishedStatuses(id: number): RetrainStatus[];
  close(): Promise<void>;
}

export function monitorsOf(paths: WorkspacePaths): MonitorConfig[] {
  const { monitors, errors } = loadMonitorsConfig(paths.config);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return monitors;
}

/** Data, held-out data, train.js and mlops.yaml in a fresh folder. */
export function writeWorkspaceFiles(settings: RetrainSettings): string {
  const root = tempDir('mlops-retrain-');
  mkdirSync(join(root, 'data'));
  writeCsv(join(root, 'data', 'train.csv'), ['x0', 'x1', 'y'], binaryRows(300, 7));
  writeCsv(join(root, 'data', 'holdout.csv'), ['x0', 'x1', 'y'], binaryRows(200));
  writeFileSync(join(root, 'train.js'), TRAIN_JS);
  writeFileSync(join(root, 'mlops.yaml'), monitorsYaml(settings));
  return root;
}

/** Tracks data/train.csv, registers v1 of clf with a passing validation and points champion at it. */
export async function seedChampion(store: Store, paths: WorkspacePaths, track: (path: string) => Promise<unknown>): Promise<ModelRegistry> {
  await track('data/train.csv');
  const registry = openWorkspaceRegistry(store, paths);
  mkdirSync(join(paths.root, 'models'), { recursive: true });
  writeFileSync(join(paths.root, 'models', 'v1.onnx'), classifier(BIAS.champion));
  await registry.createVersion({ name: 'clf', source: 'models/v1.onnx', createModel: true });
  const report = await validateModel({ model: { ref: { name: 'clf', version: 1 }, bytes: classifier(BIAS.champion) }, data: join(paths.root, 'data', 'holdout.csv'), label: 'y' });
  registry.setValidation('clf', 1, report);
  registry.setAlias('clf', 'champion', 1);
  return registry;
}

/** A workspace with its runtime started in this process (the training's `mlops run` attaches to it) and a Retrainer on it. */
export async function retrainWorkspace(settings: RetrainSettings, options: Partial<RetrainerOptions> = {}): Promise<RetrainWorkspace> {
  const root = writeWorkspaceFiles(settings);
  const started = await Runtime.start({ workspace: root, log: () => undefined });
  if (started.kind !== 'started') throw new Error('runtime did not start');
  const { runtime } = started;
  const { paths, store } = runtime;
  const registry = await seedChampion(store, paths, (path) => runtime.context.datasets.add(path));
  const retrainer = new Retrainer({ store, paths, hub: runtime.hub, log: () => undefined, monitors: () => monitorsOf(paths), cliPath: CLI, ...options });
  retrainer.start();
  const monitors = new MonitorStore(store.db);
  return {
    paths,
    store,
    registry,
    runtime,
    retrainer,
    monitor: () => monitorsOf(paths).find((m) => m.name === MONITOR)!,
    alert() {
      monitors.saveAlert({ monitor: MONITOR, rule: 'drift_share > 0.3', severity: 'warning', value: 0.6, time: Date.now(), message: 'drift_share is 0.6', retrain: true });
      return monitors.alerts().slice(0, 1);
    },
    publishedStatuses: (id) =>
      store.events
        .since(0, 100_000)
        .flatMap((e) => (e.type === 'retrain.changed' && (e.data as { trigger: RetrainTrigger }).trigger.id === id ? [(e.data as { trigger: RetrainTrigger }).trigger.status] : [])),
    async close() {
      retrainer.stop();
      await runtime.stop('test done');
    },
  };
}
