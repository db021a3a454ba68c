import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { formatSize, relativeTime, versionShape } from '../datasets/dataset-format';
import type { DatasetsNode } from '../datasets/datasets-tree-provider';
import { call, DATA_DATASETS, DATA_VERSIONS } from '../../shared/contract';

export type DatasetTarget = DatasetsNode & { kind: 'dataset' };
export type DatasetVersionTarget = DatasetsNode & { kind: 'version' };

/** A tracked dataset chosen in a QuickPick (skipped when there is only one); undefined when dismissed. */
export async function pickDataset(ctx: MlopsContext, title: string): Promise<DatasetTarget | undefined> {
  const { datasets } = await call(ctx.requireClient(), DATA_DATASETS);
  if (datasets.length === 0) throw new Error('No data is versioned yet: add a path under data.track in mlops.yaml.');
  const items = datasets.map((dataset) => ({
    label: dataset.path,
    description: dataset.latest ? `v${dataset.latest.version} · ${[versionShape(dataset.latest), formatSize(dataset.latest.size)].filter(Boolean).join(' · ')}` : 'no versions',
    target: { kind: 'dataset', dataset, state: 'ok' } as DatasetTarget,
  }));
  const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title });
  return pick?.target;
}

async function versionItems(ctx: MlopsContext, path: string): Promise<(vscode.QuickPickItem & { target: DatasetVersionTarget })[]> {
  const { versions } = await call(ctx.requireClient(), DATA_VERSIONS, { path });
  return [...versions].reverse().map((version, i) => ({
    label: `v${version.version}`,
    description: [i === 0 ? 'latest' : '', versionShape(version), formatSize(version.size), version.md5.slice(0, 8), relativeTime(version.createdTime)].filter(Boolean).join(' · '),
    target: { kind: 'version', path, version, latest: i === 0 },
  }));
}

/** A dataset, then one of its versions (newest first); undefined when dismissed. */
export async function pickDatasetVersion(ctx: MlopsContext, title: string): Promise<DatasetVersionTarget | undefined> {
  const dataset = await pickDataset(ctx, `${title}: which dataset?`);
  if (!dataset) return undefined;
  const pick = await vscode.window.showQuickPick(versionItems(ctx, dataset.dataset.path), { title: `${title}: which version of ${dataset.dataset.path}?` });
  return pick?.target;
}

/** A dataset, then one or two of its versions; empty when dismissed. */
export async function pickDatasetVersions(ctx: MlopsContext, title: string): Promise<DatasetVersionTarget[]> {
  const dataset = await pickDataset(ctx, `${title}: which dataset?`);
  if (!dataset) return [];
  const picks = await vscode.window.showQuickPick(versionItems(ctx, dataset.dataset.path), { title: `${title}: one version (against the one before it) or two`, canPickMany: true });
  return (picks ?? []).map((p) => p.target);
}
