import type * as vscode from 'vscode';
import type { RuntimeStatus } from '../shared/api';
import type { RuntimeEvent } from '../shared/events';
import type { RuntimeClient } from '../shared/runtime-client';
import type { DatasetsTreeProvider } from './datasets/datasets-tree-provider';
import type { RunsNode, RunsTreeProvider } from './runs/runs-tree-provider';
import type { ViewProblemNode } from './views/view-error';

/** What activate() returns: used by the extension-host tests and by other extensions. */
export interface MlopsApi {
  runtimeState(): string;
  whenRuntimeReady(timeoutMs?: number): Promise<RuntimeStatus>;
  runtimeClient(): RuntimeClient | undefined;
  onRuntimeEvent(listener: (event: RuntimeEvent) => void): { dispose(): void };
  runsTree(): RunsTreeProvider;
  /** The Runs view as shown: a failed request becomes an error row there. */
  runsView(): vscode.TreeDataProvider<RunsNode | ViewProblemNode>;
  datasetsTree(): DatasetsTreeProvider;
  activationMs: number;
}
