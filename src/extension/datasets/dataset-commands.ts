import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { pickDataset, pickDatasetVersion, pickDatasetVersions } from '../pickers/dataset-picker';
import { DatasetComparePanel } from './dataset-compare-panel';
import type { DatasetsNode } from './datasets-tree-provider';
import { formatSize } from './dataset-format';
import { call, DATA_CHECKOUT, DATA_PULL, DATA_PUSH, DATA_UNTRACK } from '../../shared/contract';

/** The Datasets view's actions: restore a version (asks first; nothing unversioned is lost), copy its hash, open the pointer. */
export function registerDatasetCommands(ctx: MlopsContext): void {


  /** Push or pull with a progress notification fed by the runtime's `data.transfer` events. */
  const transfer = async (direction: 'push' | 'pull'): Promise<void> => {
    const runtime = ctx.requireClient();
    const verb = direction === 'push' ? 'Pushing' : 'Pulling';
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verb} data`, cancellable: false }, async (progress) => {
      let reported = 0;
      const listener = ctx.onRuntimeEvent((event) => {
        if (event.type !== 'data.transfer' || event.data.direction !== direction || event.data.total === 0) return;
        const percent = (100 * event.data.done) / event.data.total;
        progress.report({ increment: percent - reported, message: `${event.data.done} of ${event.data.total} objects (${formatSize(event.data.bytes)})` });
        reported = percent;
      });
      try {
        return await call(runtime, direction === 'push' ? DATA_PUSH : DATA_PULL, {});
      } finally {
        listener.dispose();
      }
    });
    ctx.datasetsTree.refresh();
    const problems = [...result.missing, ...result.failed];
    const summary = `${direction === 'push' ? 'Pushed' : 'Pulled'} ${result.copied} objects (${formatSize(result.bytes)}), ${result.skipped} already there${result.restored.length ? `; restored ${result.restored.join(', ')}` : ''}.`;
    if (problems.length === 0) void vscode.window.showInformationMessage(summary);
    else {
      for (const p of problems) ctx.log.warn(`data ${direction}: ${p.dataset} ${p.md5}: ${p.reason}`);
      void vscode.window.showWarningMessage(`${summary} ${problems.length} objects could not be transferred: ${problems[0]!.reason}`, 'Open Logs').then((c) => c && ctx.log.show(true));
    }
  };

  ctx.registerCommand('mlops.restoreDatasetVersion', async (node: DatasetsNode | undefined) => {
    node ??= await pickDatasetVersion(ctx, 'Restore');
    if (node?.kind !== 'version') return;
    const runtime = ctx.requireClient();
    const choice = await vscode.window.showWarningMessage(
      `Restore ${node.path} to v${node.version.version}? Changes not yet versioned are versioned first, so nothing is lost.`,
      { modal: true },
      'Restore',
    );
    if (choice !== 'Restore') return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restoring ${node.path} to v${node.version.version}` }, () =>
      call(runtime, DATA_CHECKOUT, { path: node.path, version: node.version.version }),
    );
    void vscode.window.showInformationMessage(
      `${node.path} restored to v${result.restored.version} (recorded as v${result.now.version})${result.savedFirst ? `; your changes were saved first as v${result.savedFirst.version}` : ''}.`,
    );
  });

  ctx.registerCommand('mlops.copyDatasetHash', async (node: DatasetsNode | undefined) => {
    node ??= await pickDatasetVersion(ctx, 'Copy the hash');
    const md5 = node?.kind === 'version' ? node.version.md5 : node?.kind === 'dataset' ? node.dataset.latest?.md5 : undefined;
    if (!md5) return;
    await vscode.env.clipboard.writeText(md5);
    void vscode.window.setStatusBarMessage(`Copied ${md5}`, 3000);
  });

  ctx.registerCommand('mlops.compareDatasetVersions', async (node: DatasetsNode, selection?: DatasetsNode[]) => {
    if (node === undefined) {
      selection = await pickDatasetVersions(ctx, 'Compare versions');
      node = selection[0] as DatasetsNode;
    }
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

  ctx.registerCommand('mlops.untrackDataset', async (node: DatasetsNode | undefined) => {
    node ??= await pickDataset(ctx, 'Stop versioning which dataset?');
    if (node?.kind !== 'dataset') return;
    const choice = await vscode.window.showWarningMessage(
      `Stop versioning ${node.dataset.path}?`,
      { modal: true, detail: 'Its .dvc pointer, .gitignore line and mlops.yaml entry are removed. The data stays where it is, and its versions stay in the history and the cache: adding it again resumes them.' },
      'Stop Versioning',
    );
    if (choice !== 'Stop Versioning') return;
    await call(ctx.requireClient(), DATA_UNTRACK, { path: node.dataset.path });
    ctx.datasetsTree.refresh();
  });

  for (const direction of ['push', 'pull'] as const) {
    ctx.registerCommand(direction === 'push' ? 'mlops.pushData' : 'mlops.pullData', () => transfer(direction));
  }

  ctx.registerCommand('mlops.openPointerFile', async (node: DatasetsNode | undefined) => {
    node ??= await pickDataset(ctx, 'Open the pointer file of which dataset?');
    if (node?.kind !== 'dataset' || !ctx.folder) return;
    await vscode.window.showTextDocument(vscode.Uri.file(join(ctx.folder, ...`${node.dataset.path}.dvc`.split('/'))));
  });
}
