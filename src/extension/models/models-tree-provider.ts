import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { MonitorSummary } from '../../shared/monitors';
import type { RuntimeClient } from '../../shared/runtime-client';
import { configProblemsRow, modelNameOf, monitorRow } from '../monitors/monitor-format';
import type { MonitorList } from '../monitors/monitor-list';
import { modelDescription, validationState, versionDescription } from './model-format';
import type { WireModelVersion, WireRegisteredModel } from './model-wire';
import type { VersionRun } from './version-runs';
import { fetchVersionRuns } from './version-runs';
import { call, MODEL_VERSIONS_SEARCH, REGISTERED_MODELS_SEARCH } from '../../shared/contract';

export type ModelsNode =
  | { kind: 'model'; model: WireRegisteredModel }
  /** `run`: the producing run's name and headline metric, when the store knows it. */
  | { kind: 'version'; version: WireModelVersion; run?: VersionRun }
  /** `monitorName` lets the node itself be the argument of mlops.openDriftDashboard. */
  | { kind: 'monitor'; monitorName: string; monitor: MonitorSummary }
  | { kind: 'monitorProblems'; errors: string[] };

type ModelNode = ModelsNode & { kind: 'model' };

/**
 * Registered models → their monitors and versions (newest first), with aliases, validation,
 * served and monitoring state. Monitor events refresh only the model they concern; nothing polls.
 */
export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly modelNodes = new Map<string, ModelNode>();

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly servedUrl: (name: string, version: string, aliases: string[]) => string | undefined,
    private readonly monitors: MonitorList,
  ) {}

  refresh(): void {
    this.monitors.invalidate();
    this.changed.fire(undefined);
  }

  /** Refreshes one model's row and children (its monitors), or everything when the model is not shown. */
  refreshModel(name: string | undefined): void {
    this.monitors.invalidate();
    const node = name === undefined ? undefined : this.modelNodes.get(name);
    this.changed.fire(node);
  }

  onRuntimeEvent(event: RuntimeEvent): void {
    switch (event.type) {
      case 'model.changed':
      case 'config.changed':
        return this.refresh();
      case 'monitor.result':
        return this.refreshModel(this.monitors.modelOf(event.data.monitor));
      case 'monitor.alert':
        return this.refreshModel(modelNameOf(event.data.model));
      case 'retrain.changed':
        this.monitors.noteTrigger(event.data.trigger);
        return this.refreshModel(this.monitors.modelOf(event.data.trigger.monitor));
    }
  }

  /** The row of a registered model, loading the root when the view has not shown it yet. */
  async modelNode(name: string): Promise<ModelNode | undefined> {
    if (!this.modelNodes.has(name)) await this.getChildren();
    return this.modelNodes.get(name);
  }

  getParent(node: ModelsNode): ModelsNode | undefined {
    if (node.kind === 'version') return this.modelNodes.get(node.version.name);
    if (node.kind === 'monitor') return this.modelNodes.get(modelNameOf(node.monitor.model));
    return undefined;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    const client = this.client();
    if (!client) return [];
    if (!node) {
      const [{ registered_models = [] }, monitors] = await Promise.all([
        call(client, REGISTERED_MODELS_SEARCH, { max_results: 1000 }),
        this.monitors.get(),
      ]);
      const models = registered_models.map((model) => this.modelRow(model));
      const names = new Set(registered_models.map((m) => m.name));
      // A monitor of a model not registered (yet) still shows, at the root.
      const orphans = monitors.monitors.filter((m) => !names.has(modelNameOf(m.model))).map(monitorNode);
      const problems: ModelsNode[] = monitors.errors.length ? [{ kind: 'monitorProblems', errors: monitors.errors }] : [];
      return [...problems, ...models, ...orphans];
    }
    if (node.kind !== 'model') return [];
    const filter = `name = '${node.model.name.replace(/'/g, "\\'")}'`;
    const [{ model_versions = [] }, monitors] = await Promise.all([
      call(client, MODEL_VERSIONS_SEARCH, { filter, max_results: 1000 }),
      this.monitors.get(),
    ]);
    const versions = model_versions.sort((a, b) => Number(b.version) - Number(a.version));
    const runs = await fetchVersionRuns(client, versions);
    return [
      ...monitors.monitors.filter((m) => modelNameOf(m.model) === node.model.name).map(monitorNode),
      ...versions.map((version): ModelsNode => {
        const run = version.run_id ? runs.get(version.run_id) : undefined;
        return { kind: 'version', version, ...(run && { run }) };
      }),
    ];
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'model':
        return modelItem(node.model);
      case 'version':
        return this.versionItem(node);
      case 'monitor':
        return this.monitorItem(node);
      case 'monitorProblems':
        return problemsItem(node.errors);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** One node object per model name, so a refresh of that model finds the row the view shows. */
  private modelRow(model: WireRegisteredModel): ModelNode {
    const existing = this.modelNodes.get(model.name);
    if (existing) {
      existing.model = model;
      return existing;
    }
    const created: ModelNode = { kind: 'model', model };
    this.modelNodes.set(model.name, created);
    return created;
  }

  private versionItem(node: ModelsNode & { kind: 'version' }): vscode.TreeItem {
    const v = node.version;
    const served = this.servedUrl(v.name, v.version, v.aliases ?? []);
    const state = validationState(v);
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `model:${v.name}:v${v.version}`;
    item.iconPath = new vscode.ThemeIcon(
      served ? 'radio-tower' : state === 'passed' ? 'pass' : state === 'failed' ? 'error' : 'circle-outline',
      state === 'failed' ? new vscode.ThemeColor('testing.iconFailed') : state === 'passed' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.description = versionDescription(v, served, node.run);
    item.contextValue = served ? 'mlops.modelVersion.served' : 'mlops.modelVersion';
    item.command = { command: 'mlops.openModelCard', title: 'Open Model Card', arguments: [node] };
    item.accessibilityInformation = { label: `${v.name} version ${v.version}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }

  private monitorItem(node: ModelsNode & { kind: 'monitor' }): vscode.TreeItem {
    const row = monitorRow(node.monitor, Date.now(), this.monitors.retrainStatus(node.monitorName));
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `monitor:${node.monitorName}`;
    item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltipMarkdown);
    item.contextValue = row.contextValue;
    item.command = { command: 'mlops.openDriftDashboard', title: 'Open Drift Dashboard', arguments: [{ monitorName: node.monitorName }] };
    item.accessibilityInformation = { label: row.ariaLabel };
    return item;
  }
}

function monitorNode(monitor: MonitorSummary): ModelsNode {
  return { kind: 'monitor', monitorName: monitor.name, monitor };
}

function modelItem(model: WireRegisteredModel): vscode.TreeItem {
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `model:${model.name}`;
  item.iconPath = new vscode.ThemeIcon('package');
  item.description = modelDescription(model);
  item.tooltip = model.description;
  item.contextValue = 'mlops.model';
  item.accessibilityInformation = { label: `Model ${model.name}, ${item.description}` };
  return item;
}

function problemsItem(errors: string[]): vscode.TreeItem {
  const row = configProblemsRow(errors);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = 'monitor-problems';
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.tooltip = new vscode.MarkdownString(row.tooltipMarkdown);
  item.contextValue = 'mlops.monitorProblems';
  item.command = { command: 'mlops.openConfig', title: 'Open mlops.yaml' };
  item.accessibilityInformation = { label: row.ariaLabel };
  return item;
}
