import * as vscode from 'vscode';
import type { DatasetsNode, DatasetsTreeProvider } from '../datasets/datasets-tree-provider';
import type { RunsNode, RunsTreeProvider } from '../runs/runs-tree-provider';
import type { ModelsNode, ModelsTreeProvider } from '../models/models-tree-provider';

export const VIEW_IDS = { runs: 'mlops.runs', datasets: 'mlops.datasets', models: 'mlops.models' } as const;

export interface Views {
  runs: vscode.TreeView<RunsNode>;
  datasets: vscode.TreeView<DatasetsNode>;
  models: vscode.TreeView<ModelsNode>;
}

/** The three views of the MLOps container; each area fills its own as it arrives. */
export function registerViews(subscriptions: vscode.Disposable[], runs: RunsTreeProvider, datasets: DatasetsTreeProvider, models: ModelsTreeProvider): Views {
  const modelsView = vscode.window.createTreeView(VIEW_IDS.models, { treeDataProvider: models, canSelectMany: true, showCollapseAll: true });
  const runsView = vscode.window.createTreeView(VIEW_IDS.runs, { treeDataProvider: runs, canSelectMany: true, showCollapseAll: true });
  const datasetsView = vscode.window.createTreeView(VIEW_IDS.datasets, { treeDataProvider: datasets, canSelectMany: true, showCollapseAll: true });
  subscriptions.push(
    runs,
    runsView,
    datasets,
    datasetsView,
    models,
    modelsView,
  );
  return { runs: runsView, datasets: datasetsView, models: modelsView };
}
