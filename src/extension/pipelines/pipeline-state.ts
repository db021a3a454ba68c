import * as vscode from 'vscode';
import { call, PIPELINES_LIST } from '../../shared/contract';
import type { RuntimeEvent } from '../../shared/events';
import type { Pipeline, PipelineStage } from '../../shared/pipelines';
import type { RuntimeClient } from '../../shared/runtime-client';
import { applyStageEvent } from './stage-events';

/** What changed: one stage (from a `pipeline.stage` event) or everything (a reload). */
export type PipelineChange = { kind: 'stage'; stage: PipelineStage } | { kind: 'all' };

/** Files whose saves can change a stage's status. */
const WATCHED = '**/{dvc.yaml,dvc.lock,params.yaml}';
const RELOAD_DELAY_MS = 150;

/**
 * The workspace's dvc.yaml pipelines as the runtime last listed them (GET /api/pipelines), kept
 * current from `pipeline.stage` events (applied in place, no request) and reloaded when a repro
 * ends, a dataset gets a version or a dvc.yaml/dvc.lock/params.yaml changes. No polling.
 * Shared by the Pipelines view, the dvc.yaml CodeLens and the DAG webview: one instance, made by
 * registerPipelines(ctx) (./index.ts), which answers it as `.state`.
 */
export class PipelineState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PipelineChange>();
  readonly onDidChange = this.changed.event;
  private list: Pipeline[] = [];
  private isRunning = false;
  private problem: string | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    events: vscode.Event<RuntimeEvent>,
    runtimeStates: vscode.Event<{ kind: string }>,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
    const reload = (): void => this.scheduleRefresh();
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      events((event) => this.onEvent(event)),
      runtimeStates((state) => {
        if (state.kind === 'ready') this.scheduleRefresh();
        else if (this.loaded) this.clear();
      }),
    );
  }

  /** The pipelines as last loaded (empty before the first load or without a runtime). */
  pipelines(): readonly Pipeline[] {
    return this.list;
  }

  /** Whether the runtime is running a repro now. */
  running(): boolean {
    return this.isRunning;
  }

  /** Why the dvc.yaml files could not be read, as the runtime said it. */
  error(): string | undefined {
    return this.problem;
  }

  /** Whether a load has succeeded since the runtime became ready. */
  hasLoaded(): boolean {
    return this.loaded;
  }

  stage(id: string): PipelineStage | undefined {
    for (const p of this.list) for (const s of p.stages) if (s.id === id) return s;
    return undefined;
  }

  /**
   * Loads the pipelines again; concurrent calls share one request (one more follows when asked
   * during a load). Rejects when the runtime is not ready or the request fails.
   */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.again) {
        this.again = false;
        this.scheduleRefresh();
      }
    });
    return this.loading;
  }

  /** Forgets what was loaded (the runtime stopped). */
  clear(): void {
    this.list = [];
    this.loaded = false;
    this.isRunning = false;
    this.problem = undefined;
    this.changed.fire({ kind: 'all' });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async load(): Promise<void> {
    const client = this.client();
    if (!client) throw new Error('The MLOps runtime is not running. Start it with MLOps: Restart Runtime.');
    const response = await call(client, PIPELINES_LIST);
    this.list = response.pipelines;
    this.isRunning = response.running;
    this.problem = response.error;
    this.loaded = true;
    this.changed.fire({ kind: 'all' });
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.client()) this.refresh().catch(() => undefined);
    }, RELOAD_DELAY_MS);
  }

  private onEvent(event: RuntimeEvent): void {
    switch (event.type) {
      case 'pipeline.stage': {
        const stage = applyStageEvent(this.list, event.data);
        if (stage) this.changed.fire({ kind: 'stage', stage });
        else this.scheduleRefresh();
        break;
      }
      case 'pipeline.repro':
        this.isRunning = event.data.state === 'started';
        if (event.data.state === 'finished') this.scheduleRefresh();
        else this.changed.fire({ kind: 'all' });
        break;
      case 'dataset.version':
      case 'workspace.initialized':
        this.scheduleRefresh();
        break;
      default:
        break;
    }
  }
}
