import type { RuntimeStatus } from '../shared/api';
import type { RuntimeEvent } from '../shared/events';
import type { RuntimeClient } from '../shared/runtime-client';
import type { DatasetsTreeProvider } from './datasets/datasets-tree-provider';
import type { RunsTreeProvider } from './runs/runs-tree-provider';

/** What activate() returns: used by the extension-host tests and by other extensions. */
export interface MlopsApi {
  runtimeState(): string;
  whenRuntimeReady(timeoutMs?: number): Promise<RuntimeStatus>;
  runtimeClient(): RuntimeClient | undefined;
  onRuntimeEvent(listener: (event: RuntimeEvent) => void): { dispose(): void };
  runsTree(): RunsTreeProvider;
  datasetsTree(): DatasetsTreeProvider;
  activationMs: number;
}
