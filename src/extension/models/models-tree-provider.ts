import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { modelDescription, validationState, versionDescription } from './model-format';
import type { WireModelVersion, WireRegisteredModel } from './model-wire';

export type ModelsNode = { kind: 'model'; model: WireRegisteredModel } | { kind: 'version'; version: WireModelVersion };

/** Registered models → their versions, newest first, with aliases, validation and served state. */
export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly servedUrl: (name: string, version: string, aliases: string[]) => string | undefined,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.type === 'model.changed') this.refresh();
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    const client = this.client();
    if (!client) return [];
    if (!node) {
      const { registered_models = [] } = await client.request<{ registered_models?: WireRegisteredModel[] }>('GET', '/api/2.0/mlflow/registered-models/search?max_results=1000');
      return registered_models.map((model) => ({ kind: 'model', model }));
    }
    if (node.kind !== 'model') return [];
    const filter = encodeURIComponent(`name = '${node.model.name.replace(/'/g, "\\'")}'`);
    const { model_versions = [] } = await client.request<{ model_versions?: WireModelVersion[] }>('GET', `/api/2.0/mlflow/model-versions/search?filter=${filter}&max_results=1000`);
    return model_versions.sort((a, b) => Number(b.version) - Number(a.version)).map((version) => ({ kind: 'version', version }));
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `model:${node.model.name}`;
      item.iconPath = new vscode.ThemeIcon('package');
      item.description = modelDescription(node.model);
      item.tooltip = node.model.description;
      item.contextValue = 'mlops.model';
      item.accessibilityInformation = { label: `Model ${node.model.name}, ${item.description}` };
      return item;
    }
    const v = node.version;
    const served = this.servedUrl(v.name, v.version, v.aliases ?? []);
    const state = validationState(v);
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `model:${v.name}:v${v.version}`;
    item.iconPath = new vscode.ThemeIcon(
      served ? 'radio-tower' : state === 'passed' ? 'pass' : state === 'failed' ? 'error' : 'circle-outline',
      state === 'failed' ? new vscode.ThemeColor('testing.iconFailed') : state === 'passed' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.description = versionDescription(v, served);
    item.contextValue = served ? 'mlops.modelVersion.served' : 'mlops.modelVersion';
    item.command = { command: 'mlops.openModelCard', title: 'Open Model Card', arguments: [node] };
    item.accessibilityInformation = { label: `${v.name} version ${v.version}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
