import * as vscode from 'vscode';
import type { DatasetsNode, DatasetsTreeProvider } from '../datasets/datasets-tree-provider';
import type { RunsNode, RunsTreeProvider } from '../runs/runs-tree-provider';
import { ListTreeProvider } from './list-tree-provider';

export const VIEW_IDS = { runs: 'mlops.runs', datasets: 'mlops.datasets', models: 'mlops.models' } as const;

export interface Views {
  runs: vscode.TreeView<RunsNode>;
  datasets: vscode.TreeView<DatasetsNode>;
  models: ListTreeProvider;
}

/** The three views of the MLOps container; each area fills its own as it arrives. */
export function registerViews(subscriptions: vscode.Disposable[], runs: RunsTreeProvider, datasets: DatasetsTreeProvider): Views {
  const models = new ListTreeProvider();
  const runsView = vscode.window.createTreeView(VIEW_IDS.runs, { treeDataProvider: runs, canSelectMany: true, showCollapseAll: true });
  const datasetsView = vscode.window.createTreeView(VIEW_IDS.datasets, { treeDataProvider: datasets, canSelectMany: true, showCollapseAll: true });
  subscriptions.push(
    runs,
    runsView,
    datasets,
    datasetsView,
    models,
    vscode.window.createTreeView(VIEW_IDS.models, { treeDataProvider: models }),
  );
  return { runs: runsView, datasets: datasetsView, models };
}
