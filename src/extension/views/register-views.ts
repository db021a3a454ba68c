import * as vscode from 'vscode';
import type { DatasetsNode, DatasetsTreeProvider } from '../datasets/datasets-tree-provider';
import type { RunsNode, RunsTreeProvider } from '../runs/runs-tree-provider';
import type { ModelsNode, ModelsTreeProvider } from '../models/models-tree-provider';
import { RETRY_VIEW_COMMAND } from './error-item';
import type { RefreshableTreeProvider } from './guarded-tree';
import { GuardedTreeProvider } from './guarded-tree';
import type { ViewProblemNode } from './view-error';
import { ChildrenGuard } from './view-error';

export const VIEW_IDS = { runs: 'mlops.runs', datasets: 'mlops.datasets', models: 'mlops.models' } as const;

export interface Views {
  runs: vscode.TreeView<RunsNode | ViewProblemNode>;
  datasets: vscode.TreeView<DatasetsNode | ViewProblemNode>;
  models: vscode.TreeView<ModelsNode | ViewProblemNode>;
  /** What the Runs view shows, error rows included (the extension-host tests read it). */
  shownRuns: GuardedTreeProvider<RunsNode>;
}

export interface ViewProviders {
  runs: RunsTreeProvider;
  datasets: DatasetsTreeProvider;
  models: ModelsTreeProvider;
}

export interface ViewHost {
  subscriptions: vscode.Disposable[];
  log: { error(message: string): void };
  runtimeReady(): boolean;
}

const guarded = new Map<string, GuardedTreeProvider<unknown>>();

/** A view behind the guard that shows a failed load as an error row (whose Retry reloads it); other features' views use it too. */
export function createGuardedView<T>(host: ViewHost, id: string, noun: string, provider: RefreshableTreeProvider<T>): vscode.TreeView<T | ViewProblemNode> {
  const wrapper = new GuardedTreeProvider(provider, new ChildrenGuard({ view: id, noun, log: host.log, runtimeReady: host.runtimeReady }));
  guarded.set(id, wrapper as GuardedTreeProvider<unknown>);
  return vscode.window.createTreeView(id, { treeDataProvider: wrapper, canSelectMany: true, showCollapseAll: true });
}

/** The three views of the MLOps container, each behind the guard that shows a failed load as an error row. */
export function registerViews(host: ViewHost, providers: ViewProviders): Views {
  const create = <T>(id: string, noun: string, provider: RefreshableTreeProvider<T>): vscode.TreeView<T | ViewProblemNode> => createGuardedView(host, id, noun, provider);
  const shown = <T>(id: string): GuardedTreeProvider<T> => guarded.get(id) as GuardedTreeProvider<T>;
  const models = create(VIEW_IDS.models, 'models', providers.models);
  const runs = create(VIEW_IDS.runs, 'runs', providers.runs);
  const datasets = create(VIEW_IDS.datasets, 'datasets', providers.datasets);
  host.subscriptions.push(
    providers.runs,
    runs,
    providers.datasets,
    datasets,
    providers.models,
    models,
    // From an error row's Retry child (a view id) or its inline action (the error row itself).
    vscode.commands.registerCommand(RETRY_VIEW_COMMAND, (target: unknown) => {
      const id = typeof target === 'string' ? target : (target as { view?: unknown } | undefined)?.view;
      if (typeof id === 'string') guarded.get(id)?.retry();
    }),
  );
  return { runs, datasets, models, shownRuns: shown<RunsNode>(VIEW_IDS.runs) };
}
