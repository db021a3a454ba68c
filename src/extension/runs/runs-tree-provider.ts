import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { runDescription, runTooltipMarkdown } from './run-format';
import { RunsModel } from './runs-model';
import type { Experiment as WireExperiment, Run as WireRun } from '../../shared/contract';

export type RunsNode =
  | { kind: 'experiment'; experiment: WireExperiment }
  | { kind: 'run'; run: WireRun }
  | { kind: 'more'; experimentId: string; pageToken: string };

const STATUS_ICONS: Record<WireRun['info']['status'], [string, string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', undefined],
  FINISHED: ['pass-filled', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'disabledForeground'],
};

/** Tree updates from events are batched this long: a run logging 1,000 metrics/s redraws ~4 times a second. */
const UPDATE_MS = 250;
/** A burst of changes that need a reload (new runs, a new experiment) makes one request. */
const RELOAD_MS = 500;

/**
 * Experiments → runs, newest first, 100 at a time ("Load more"). The root and first pages come in
 * one request; runtime events patch the runs in place (status, latest metrics) without a request.
 */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly model: RunsModel;
  private readonly runNodes = new Map<string, RunsNode & { kind: 'run' }>();
  private readonly experimentNodes = new Map<string, RunsNode & { kind: 'experiment' }>();
  private pendingRuns = new Set<string>();
  private pendingTimer: NodeJS.Timeout | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** Set by refresh(): the next getChildren, of the root or an experiment, reads everything again. */
  private stale = true;
  private loading: Promise<unknown> | undefined;

  constructor(client: () => RuntimeClient | undefined) {
    this.model = new RunsModel(client);
  }

  get filter(): string | undefined {
    return this.model.filter;
  }

  setFilter(filter: string | undefined): void {
    this.model.filter = filter?.trim() || undefined;
    void vscode.commands.executeCommand('setContext', 'mlops.runsFiltered', this.model.filter !== undefined);
    this.refresh();
  }

  refresh(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    this.stale = true;
    this.changed.fire(undefined);
  }

  /** Patches the runs an event names; only changes the loaded page cannot show make a reload. */
  onRuntimeEvent(event: RuntimeEvent): void {
    const update = this.model.apply(event);
    if (!update) return;
    if (update.kind === 'reload') {
      this.reloadTimer ??= setTimeout(() => this.refresh(), RELOAD_MS);
      return;
    }
    for (const id of update.runIds) this.pendingRuns.add(id);
    this.pendingTimer ??= setTimeout(() => this.flushPending(), UPDATE_MS);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.experiment.experiment_id}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'mlops.experiment';
      item.description = this.model.filter ? `filter: ${this.model.filter}` : undefined;
      return item;
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem('Load more runs…', vscode.TreeItemCollapsibleState.None);
      item.id = `more:${node.experimentId}:${node.pageToken}`;
      item.command = { command: 'mlops.loadMoreRuns', title: 'Load more runs', arguments: [node] };
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.info.run_name || run.info.run_id.slice(0, 8), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.info.run_id}`;
    const [icon, color] = STATUS_ICONS[run.info.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = runDescription(run);
    const tooltip = new vscode.MarkdownString(runTooltipMarkdown(run));
    item.tooltip = tooltip;
    item.contextValue = `mlops.run.${run.info.lifecycle_stage === 'deleted' ? 'deleted' : run.info.status.toLowerCase()}`;
    item.command = { command: 'mlops.openRun', title: 'Open Run', arguments: [node] };
    item.accessibilityInformation = { label: `Run ${run.info.run_name}, ${run.info.status.toLowerCase()}` };
    return item;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    await this.ensureLoaded();
    if (!node) {
      this.experimentNodes.clear();
      return this.model.loaded.map(({ experiment }) => {
        const n = { kind: 'experiment' as const, experiment };
        this.experimentNodes.set(experiment.experiment_id, n);
        return n;
      });
    }
    if (node.kind !== 'experiment') return [];
    return this.runsOf(node.experiment.experiment_id);
  }

  getParent(node: RunsNode): RunsNode | undefined {
    if (node.kind === 'run') return this.experimentNodes.get(node.run.info.experiment_id);
    if (node.kind === 'more') return this.experimentNodes.get(node.experimentId);
    return undefined;
  }

  async loadMore(node: RunsNode & { kind: 'more' }): Promise<void> {
    await this.model.loadMore(node.experimentId);
    this.changed.fire(this.experimentNodes.get(node.experimentId));
  }

  runNode(runId: string): (RunsNode & { kind: 'run' }) | undefined {
    return this.runNodes.get(runId);
  }

  dispose(): void {
    clearTimeout(this.pendingTimer);
    clearTimeout(this.reloadTimer);
    this.changed.dispose();
  }

  /** One request (the root and all first pages) after a refresh, however many nodes ask. */
  private async ensureLoaded(): Promise<void> {
    if (this.stale && !this.loading) {
      this.stale = false;
      this.loading = this.model.load().then(
        () => this.runNodes.clear(),
        (error: unknown) => {
          this.stale = true;
          throw error;
        },
      );
      void this.loading.finally(() => (this.loading = undefined)).catch(() => undefined);
    }
    await this.loading;
  }

  private runsOf(experimentId: string): RunsNode[] {
    const entry = this.model.experiment(experimentId);
    if (!entry) return [];
    const nodes: RunsNode[] = entry.runs.map((run) => {
      const existing = this.runNodes.get(run.info.run_id);
      if (existing) {
        existing.run = run;
        return existing;
      }
      const n = { kind: 'run' as const, run };
      this.runNodes.set(run.info.run_id, n);
      return n;
    });
    if (entry.nextPageToken) nodes.push({ kind: 'more', experimentId, pageToken: entry.nextPageToken });
    return nodes;
  }

  private flushPending(): void {
    this.pendingTimer = undefined;
    const ids = [...this.pendingRuns];
    this.pendingRuns.clear();
    for (const id of ids) {
      const node = this.runNodes.get(id);
      if (node) this.changed.fire(node);
    }
  }
}
