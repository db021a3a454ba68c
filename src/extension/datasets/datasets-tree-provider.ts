import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { ReportOnce, failureReason } from '../failure-reporting';
import { datasetUri } from './dataset-decorations';
import type { DatasetBadgeState } from './dataset-decorations';
import { formatSize, relativeTime, versionShape } from './dataset-format';
import type { WireDataset, WireVersion } from './dataset-format';
import { call, DATA_DATASETS, DATA_REMOTE, DATA_STATUS, DATA_VERSIONS } from '../../shared/contract';

export type DatasetsNode = { kind: 'dataset'; dataset: WireDataset; state: DatasetBadgeState } | { kind: 'version'; path: string; version: WireVersion; latest: boolean };

/** Tracked datasets → their versions, newest first; refreshed by `dataset.version` events. */
export class DatasetsTreeProvider implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Dataset rows as last listed, so a version row can name its parent (TreeView.reveal). */
  private readonly datasetRows = new Map<string, DatasetsNode>();
  private readonly badgeProblems = new ReportOnce();

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly log: { warn(message: string): void },
  ) {}

  getParent(node: DatasetsNode): DatasetsNode | undefined {
    return node.kind === 'version' ? this.datasetRows.get(node.path) : undefined;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.type === 'dataset.version') this.refresh();
  }

  async getChildren(node?: DatasetsNode): Promise<DatasetsNode[]> {
    const client = this.client();
    if (!client) return [];
    if (!node) {
      const [{ datasets }, states] = await Promise.all([call(client, DATA_DATASETS), this.datasetStates(client)]);
      const rows = datasets.map((dataset): DatasetsNode => ({ kind: 'dataset', dataset, state: states.get(dataset.path) ?? 'ok' }));
      for (const row of rows) if (row.kind === 'dataset') this.datasetRows.set(row.dataset.path, row);
      return rows;
    }
    if (node.kind !== 'dataset') return [];
    const { versions } = await call(client, DATA_VERSIONS, { path: node.dataset.path });
    return [...versions].reverse().map((version, i) => ({ kind: 'version', path: node.dataset.path, version, latest: i === 0 }));
  }

  getTreeItem(node: DatasetsNode): vscode.TreeItem {
    if (node.kind === 'dataset') {
      const { dataset } = node;
      const item = new vscode.TreeItem(dataset.path, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `dataset:${dataset.path}`;
      item.resourceUri = datasetUri(dataset.path, node.state);
      item.iconPath = new vscode.ThemeIcon(dataset.kind === 'dir' ? 'folder-library' : 'table');
      const v = dataset.latest;
      item.description = v ? `v${v.version} · ${[versionShape(v), formatSize(v.size), v.md5.slice(0, 8)].filter(Boolean).join(' · ')}` : 'no versions';
      item.contextValue = 'mlops.dataset';
      item.accessibilityInformation = { label: `Dataset ${dataset.path}, version ${v?.version ?? 0}${node.state === 'ok' ? '' : `, ${node.state.replace(/-/g, ' ')}`}` };
      if (node.state !== 'ok') item.description = `${node.state.replace(/-/g, ' ')} · ${item.description as string}`;
      return item;
    }
    const { version: v } = node;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `dataset:${node.path}:v${v.version}`;
    item.iconPath = new vscode.ThemeIcon(node.latest ? 'circle-filled' : 'circle-outline');
    const uses = (v.usedBy?.runs.length ?? 0) + (v.usedBy?.models.length ?? 0);
    item.description = [relativeTime(v.createdTime), versionShape(v), formatSize(v.size), v.md5.slice(0, 8), uses ? `used by ${uses}` : ''].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${node.path} v${v.version}**\n\n`);
    tooltip.appendMarkdown(`md5 \`${v.md5}\`\n\n${new Date(v.createdTime).toLocaleString()}${v.gitCommit ? ` · git \`${v.gitCommit.slice(0, 12)}\`` : ''}${v.runId ? ` · run \`${v.runId.slice(0, 8)}\`` : ''}\n\n`);
    const used = v.usedBy;
    if (used && (used.runs.length || used.models.length)) {
      tooltip.appendMarkdown(`Used by ${[...used.runs.slice(0, 5).map((r) => `run ${r.runName}`), ...used.models.map((m) => `model ${m.name} v${m.version}`)].join(', ')}${used.runs.length > 5 ? ` and ${used.runs.length - 5} more runs` : ''}\n\n`);
    }
    if (v.summary) tooltip.appendMarkdown(`| column | type |\n|---|---|\n${v.summary.columns.map((c) => `| ${c.name} | ${c.type} |`).join('\n')}\n`);
    item.tooltip = tooltip;
    item.contextValue = 'mlops.datasetVersion';
    item.accessibilityInformation = { label: `${node.path} version ${v.version}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Each dataset's badge: its workspace state first, then whether the remote has its latest version. */
  private async datasetStates(client: RuntimeClient): Promise<Map<string, DatasetBadgeState>> {
    const states = new Map<string, DatasetBadgeState>();
    const [status, remote] = await Promise.all([
      this.badgeSource(call(client, DATA_STATUS), 'workspace state'),
      this.badgeSource(call(client, DATA_REMOTE), 'remote state'),
    ]);
    for (const d of remote.datasets ?? []) if (!d.pushed) states.set(d.path, 'not-pushed');
    for (const d of status.datasets ?? []) if (d.state !== 'ok') states.set(d.path, d.state);
    return states;
  }

  /** Badges are extras: when one source fails the rows still show, without its badges; the reason is logged once. */
  private async badgeSource<T extends { datasets?: unknown[] }>(request: Promise<T>, what: string): Promise<Partial<T>> {
    try {
      const result = await request;
      this.badgeProblems.clear(`${what}\n`);
      return result;
    } catch (error) {
      const reason = failureReason(error);
      if (this.badgeProblems.first(`${what}\n${reason}`)) this.log.warn(`datasets view: badges without the ${what}: ${reason}`);
      return {};
    }
  }
}
