import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { runDescription, runTooltipMarkdown } from './run-format';
import type { WireExperiment, WireRun } from './wire-types';
import { call, EXPERIMENTS_SEARCH, RUNS_GET, RUNS_SEARCH } from '../../shared/contract';

export type RunsNode =
  | { kind: 'experiment'; experiment: WireExperiment }
  | { kind: 'run'; run: WireRun }
  | { kind: 'more'; experimentId: string; pageToken: string };

const PAGE = 100;
const STATUS_ICONS: Record<WireRun['info']['status'], [string, string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', undefined],
  FINISHED: ['pass-filled', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'disabledForeground'],
};

/**
 * Experiments → runs, newest first, 100 at a time ("Load more"). Runs refresh one by one from
 * runtime events; nothing polls.
 */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly runNodes = new Map<string, RunsNode & { kind: 'run' }>();
  private readonly experimentNodes = new Map<string, RunsNode & { kind: 'experiment' }>();
  private readonly extraPages = new Map<string, WireRun[]>();
  private readonly moreTokens = new Map<string, string | undefined>();
  private filterText: string | undefined;
  private pendingRuns = new Set<string>();
  private pendingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => RuntimeClient | undefined) {}

  get filter(): string | undefined {
    return this.filterText;
  }

  setFilter(filter: string | undefined): void {
    this.filterText = filter?.trim() || undefined;
    void vscode.commands.executeCommand('setContext', 'mlops.runsFiltered', this.filterText !== undefined);
    this.refresh();
  }

  refresh(): void {
    this.runNodes.clear();
    this.experimentNodes.clear();
    this.extraPages.clear();
    this.changed.fire(undefined);
  }

  /** Coalesces bursts (a training run logs many batches a second) into one update per run. */
  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.type === 'experiment.changed') return this.refresh();
    if (event.type !== 'run.changed' && event.type !== 'run.metrics') return;
    this.pendingRuns.add(event.data.runId);
    this.pendingTimer ??= setTimeout(() => void this.flushPending(), 250);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.experiment.experiment_id}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'mlops.experiment';
      item.description = this.filterText ? `filter: ${this.filterText}` : undefined;
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
    const client = this.client();
    if (!client) return [];
    if (!node) {
      const { experiments = [] } = await call(client, EXPERIMENTS_SEARCH, { max_results: 1000 });
      const withRuns: RunsNode[] = [];
      for (const experiment of experiments) {
        const probe = await call(client, RUNS_SEARCH, { experiment_ids: [experiment.experiment_id], max_results: 1, run_view_type: 'ALL' });
        if (!probe.runs?.length) continue;
        const n = { kind: 'experiment' as const, experiment };
        this.experimentNodes.set(experiment.experiment_id, n);
        withRuns.push(n);
      }
      return withRuns;
    }
    if (node.kind !== 'experiment') return [];
    return this.runsOf(client, node.experiment.experiment_id);
  }

  getParent(node: RunsNode): RunsNode | undefined {
    if (node.kind === 'run') return this.experimentNodes.get(node.run.info.experiment_id);
    if (node.kind === 'more') return this.experimentNodes.get(node.experimentId);
    return undefined;
  }

  async loadMore(node: RunsNode & { kind: 'more' }): Promise<void> {
    const client = this.client();
    if (!client) return;
    const page = await this.searchRuns(client, node.experimentId, node.pageToken);
    this.extraPages.set(node.experimentId, [...(this.extraPages.get(node.experimentId) ?? []), ...page.runs]);
    this.moreTokens.set(node.experimentId, page.nextPageToken);
    this.changed.fire(this.experimentNodes.get(node.experimentId));
  }

  runNode(runId: string): (RunsNode & { kind: 'run' }) | undefined {
    return this.runNodes.get(runId);
  }

  dispose(): void {
    clearTimeout(this.pendingTimer);
    this.changed.dispose();
  }

  private async runsOf(client: RuntimeClient, experimentId: string): Promise<RunsNode[]> {
    const first = await this.searchRuns(client, experimentId, undefined);
    const extra = this.extraPages.get(experimentId) ?? [];
    const token = this.extraPages.has(experimentId) ? this.moreTokens.get(experimentId) : first.nextPageToken;
    const nodes: RunsNode[] = [...first.runs, ...extra].map((run) => {
      const existing = this.runNodes.get(run.info.run_id);
      if (existing) {
        existing.run = run;
        return existing;
      }
      const n = { kind: 'run' as const, run };
      this.runNodes.set(run.info.run_id, n);
      return n;
    });
    if (token) nodes.push({ kind: 'more', experimentId, pageToken: token });
    return nodes;
  }

  private async searchRuns(client: RuntimeClient, experimentId: string, pageToken: string | undefined): Promise<{ runs: WireRun[]; nextPageToken?: string }> {
    const res = await call(client, RUNS_SEARCH, {
      experiment_ids: [experimentId],
      max_results: PAGE,
      run_view_type: 'ACTIVE_ONLY',
      ...(this.filterText && { filter: this.filterText }),
      ...(pageToken && { page_token: pageToken }),
    });
    return { runs: res.runs ?? [], ...(res.next_page_token && { nextPageToken: res.next_page_token }) };
  }

  private async flushPending(): Promise<void> {
    this.pendingTimer = undefined;
    const ids = [...this.pendingRuns];
    this.pendingRuns.clear();
    const client = this.client();
    if (!client) return;
    for (const id of ids) {
      const node = this.runNodes.get(id);
      if (!node) {
        // A run this view has not shown yet: its experiment (or the root, for a new one) refreshes.
        this.changed.fire(undefined);
        return;
      }
      try {
        node.run = (await call(client, RUNS_GET, { run_id: id })).run;
        this.changed.fire(node);
      } catch {
        // Deleted, or the runtime failed: the view reloads, and shows an error row if the runtime fails again.
        this.runNodes.delete(id);
        this.changed.fire(undefined);
      }
    }
  }
}
