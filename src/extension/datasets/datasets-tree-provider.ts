import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { formatSize, relativeTime, versionShape } from './dataset-format';
import type { WireDataset, WireVersion } from './dataset-format';

export type DatasetsNode = { kind: 'dataset'; dataset: WireDataset } | { kind: 'version'; path: string; version: WireVersion; latest: boolean };

/** Tracked datasets → their versions, newest first; refreshed by `dataset.version` events. */
export class DatasetsTreeProvider implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: () => RuntimeClient | undefined) {}

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
      const { datasets } = await client.request<{ datasets: WireDataset[] }>('GET', '/api/data/datasets');
      return datasets.map((dataset) => ({ kind: 'dataset', dataset }));
    }
    if (node.kind !== 'dataset') return [];
    const { versions } = await client.request<{ versions: WireVersion[] }>('GET', `/api/data/versions?path=${encodeURIComponent(node.dataset.path)}`);
    return [...versions].reverse().map((version, i) => ({ kind: 'version', path: node.dataset.path, version, latest: i === 0 }));
  }

  getTreeItem(node: DatasetsNode): vscode.TreeItem {
    if (node.kind === 'dataset') {
      const { dataset } = node;
      const item = new vscode.TreeItem(dataset.path, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `dataset:${dataset.path}`;
      item.iconPath = new vscode.ThemeIcon(dataset.kind === 'dir' ? 'folder-library' : 'table');
      const v = dataset.latest;
      item.description = v ? `v${v.version} · ${[versionShape(v), formatSize(v.size), v.md5.slice(0, 8)].filter(Boolean).join(' · ')}` : 'no versions';
      item.contextValue = 'mlops.dataset';
      item.accessibilityInformation = { label: `Dataset ${dataset.path}, version ${v?.version ?? 0}` };
      return item;
    }
    const { version: v } = node;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `dataset:${node.path}:v${v.version}`;
    item.iconPath = new vscode.ThemeIcon(node.latest ? 'circle-filled' : 'circle-outline');
    item.description = [relativeTime(v.createdTime), versionShape(v), formatSize(v.size), v.md5.slice(0, 8)].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${node.path} v${v.version}**\n\n`);
    tooltip.appendMarkdown(`md5 \`${v.md5}\`\n\n${new Date(v.createdTime).toLocaleString()}${v.gitCommit ? ` · git \`${v.gitCommit.slice(0, 12)}\`` : ''}${v.runId ? ` · run \`${v.runId.slice(0, 8)}\`` : ''}\n\n`);
    if (v.summary) tooltip.appendMarkdown(`| column | type |\n|---|---|\n${v.summary.columns.map((c) => `| ${c.name} | ${c.type} |`).join('\n')}\n`);
    item.tooltip = tooltip;
    item.contextValue = 'mlops.datasetVersion';
    item.accessibilityInformation = { label: `${node.path} version ${v.version}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
