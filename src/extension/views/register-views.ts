import * as vscode from 'vscode';
import { ListTreeProvider } from './list-tree-provider';

export const VIEW_IDS = { runs: 'mlops.runs', datasets: 'mlops.datasets', models: 'mlops.models' } as const;

export interface Views {
  runs: ListTreeProvider;
  datasets: ListTreeProvider;
  models: ListTreeProvider;
}

/** The three views of the MLOps container; each area fills its own as it arrives. */
export function registerViews(subscriptions: vscode.Disposable[]): Views {
  const views: Views = { runs: new ListTreeProvider(), datasets: new ListTreeProvider(), models: new ListTreeProvider() };
  for (const key of Object.keys(VIEW_IDS) as (keyof Views)[]) {
    const provider = views[key];
    subscriptions.push(provider, vscode.window.createTreeView(VIEW_IDS[key], { treeDataProvider: provider, showCollapseAll: false }));
  }
  return views;
}
