import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DatasetVersion } from '../../shared/data';
import type { MlopsContext } from '../ctx';
import { DatasetComparePanel } from './dataset-compare-panel';
import type { DatasetsNode } from './datasets-tree-provider';

/** The Datasets view's actions: restore a version (asks first; nothing unversioned is lost), copy its hash, open the pointer. */
export function registerDatasetCommands(ctx: MlopsContext): void {
  const register = (id: string, fn: (node: DatasetsNode, selection?: DatasetsNode[]) => unknown): void => {
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (node: DatasetsNode, selection?: DatasetsNode[]) => {
        try {
          await fn(node, selection);
        } catch (error) {
          ctx.log.error(`${id}: ${(error as Error).message}`);
          void vscode.window.showErrorMessage((error as Error).message);
        }
      }),
    );
  };

  register('mlops.restoreDatasetVersion', async (node) => {
    if (node?.kind !== 'version') return;
    const client = ctx.runtimeClient();
    if (!client) throw new Error('The MLOps runtime is not running. Start it with MLOps: Restart Runtime.');
    const choice = await vscode.window.showWarningMessage(
      `Restore ${node.path} to v${node.version.version}? Changes not yet versioned are versioned first, so nothing is lost.`,
      { modal: true },
      'Restore',
    );
    if (choice !== 'Restore') return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restoring ${node.path} to v${node.version.version}` }, () =>
      client.request<{ restored: DatasetVersion; now: DatasetVersion; savedFirst?: DatasetVersion }>('POST', '/api/data/checkout', { path: node.path, version: node.version.version }),
    );
    void vscode.window.showInformationMessage(
      `${node.path} restored to v${result.restored.version} (recorded as v${result.now.version})${result.savedFirst ? `; your changes were saved first as v${result.savedFirst.version}` : ''}.`,
    );
  });

  register('mlops.copyDatasetHash', async (node) => {
    const md5 = node?.kind === 'version' ? node.version.md5 : node?.kind === 'dataset' ? node.dataset.latest?.md5 : undefined;
    if (!md5) return;
    await vscode.env.clipboard.writeText(md5);
    void vscode.window.setStatusBarMessage(`Copied ${md5}`, 3000);
  });

  register('mlops.compareDatasetVersions', async (node, selection) => {
    const versions = (selection && selection.length > 1 ? selection : [node]).filter((n): n is DatasetsNode & { kind: 'version' } => n?.kind === 'version');
    if (versions.length > 2 || (versions.length === 2 && versions[0]!.path !== versions[1]!.path)) throw new Error('Select two versions of the same dataset to compare.');
    if (versions.length === 2) {
      const [a, b] = versions.map((v) => v.version.version).sort((x, y) => x - y) as [number, number];
      return DatasetComparePanel.show(ctx, versions[0]!.path, a, b);
    }
    const path = versions[0]?.path ?? (node?.kind === 'dataset' ? node.dataset.path : undefined);
    const to = versions[0]?.version.version ?? (node?.kind === 'dataset' ? node.dataset.latest?.version : undefined);
    if (!path || !to) return;
    if (to < 2) throw new Error(`${path} v${to} is its first version; there is nothing earlier to compare with.`);
    DatasetComparePanel.show(ctx, path, to - 1, to);
  });

  register('mlops.openPointerFile', async (node) => {
    if (node?.kind !== 'dataset' || !ctx.folder) return;
    await vscode.window.showTextDocument(vscode.Uri.file(join(ctx.folder, ...`${node.dataset.path}.dvc`.split('/'))));
  });
}
