import type { RuntimeEvent } from '../../shared/events';
import type { RuntimeClient } from '../../shared/runtime-client';
import { applyLiveMetrics, applyRunChange } from '../runs/run-patch';
import type { Run as WireRun } from '../../shared/contract';
import type { RunSource } from './run-source';
import { runRanFile, runSource } from './run-source';
import type { RunSummary } from './run-summary';
import { summarizeRuns } from './run-summary';
import { call, EXPERIMENTS_SEARCH, RUNS_SEARCH } from '../../shared/contract';

export interface MetricCacheOptions {
  /** Called when the summary changed (new data, or cleared). */
  onDidChange(): void;
  onError?(error: unknown): void;
  /** Bursts of events within this window make one refresh (default 500 ms). */
  debounceMs?: number;
  /** Events patched in within this window make one change (default 250 ms). */
  patchMs?: number;
  /** How many of the newest runs are read (default 200). */
  maxRuns?: number;
}

/**
 * The lenses' in-memory view of the workspace's newest runs. Loaded from the runtime (all active
 * experiments, newest runs first) on demand; runtime events patch it in place (`apply`), and only
 * what a patch cannot know (a new run, a new experiment, missed events) makes one reload per
 * `debounceMs`. Reading it never touches the network. No vscode import.
 */
export class MetricCache {
  private summary: RunSummary | undefined;
  private runs: { run: WireRun; source: RunSource }[] = [];
  /** Summaries of the runs of one source file, by its path; emptied when the runs change. */
  private readonly bySource = new Map<string, RunSummary>();
  private fingerprint: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private patchTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly options: MetricCacheOptions,
  ) {}

  /** The latest summary of all runs; undefined while the runtime is not ready or before the first load. */
  get current(): RunSummary | undefined {
    return this.summary;
  }

  /** The summary of the runs whose command ran the file at `path` (absolute); runCount 0 when none did. */
  forSource(path: string): RunSummary | undefined {
    if (!this.summary) return undefined;
    let summary = this.bySource.get(path);
    if (!summary) {
      summary = summarizeRuns(this.runs.filter((r) => runRanFile(r.source, path)).map((r) => r.run));
      summary.scope = path.replace(/\\/g, '/').split('/').pop() || path;
      this.bySource.set(path, summary);
    }
    return summary;
  }

  /** Refreshes within `debounceMs`, once for however many calls arrive meanwhile. */
  schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.debounceMs ?? 500);
  }

  /** Applies a runtime event to the loaded runs; reloads (debounced) only for what it cannot patch. */
  apply(event: RuntimeEvent): void {
    if (this.disposed || !this.summary) return;
    switch (event.type) {
      case 'run.metrics': {
        const entry = this.runs.find((r) => r.run.info.run_id === event.data.runId);
        if (entry && applyLiveMetrics(entry.run, event.data.metrics)) this.patched();
        return;
      }
      case 'run.changed': {
        const entry = this.runs.find((r) => r.run.info.run_id === event.data.runId);
        if (!entry) return this.schedule();
        applyRunChange(entry.run, event.data);
        if (entry.run.info.lifecycle_stage === 'deleted') return this.schedule();
        entry.source = runSource(entry.run);
        return this.patched();
      }
      case 'experiment.changed':
      case 'events.gap':
        return this.schedule();
      default:
        return;
    }
  }

  /** Reloads now; a call while a load runs makes one more load after it. */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
        } while (this.again && !this.disposed);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Forgets everything (the runtime went away); a load in flight is discarded. */
  clear(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.patchTimer);
    this.patchTimer = undefined;
    if (this.summary === undefined) return;
    this.summary = undefined;
    this.runs = [];
    this.bySource.clear();
    this.fingerprint = undefined;
    this.options.onDidChange();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.patchTimer);
    this.patchTimer = undefined;
  }

  /** Summarizes the patched runs again, once per `patchMs` however many events arrive. */
  private patched(): void {
    if (this.patchTimer) return;
    this.patchTimer = setTimeout(() => {
      this.patchTimer = undefined;
      if (this.disposed || !this.summary) return;
      this.summary = summarizeRuns(this.runs.map((r) => r.run));
      this.bySource.clear();
      this.fingerprint = undefined;
      this.options.onDidChange();
    }, this.options.patchMs ?? 250);
  }

  private async load(): Promise<void> {
    const generation = this.generation;
    const client = this.client();
    if (!client) return this.clear();
    let runs: WireRun[];
    try {
      runs = await fetchRecentRuns(client, this.options.maxRuns ?? 200);
    } catch (error) {
      if (generation === this.generation) this.options.onError?.(error);
      return;
    }
    if (generation !== this.generation || this.disposed) return;
    const fingerprint = JSON.stringify(runs);
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.summary = summarizeRuns(runs);
    this.runs = runs.map((run) => ({ run, source: runSource(run) }));
    this.bySource.clear();
    this.options.onDidChange();
  }
}

/** The newest active runs of all active experiments (two requests). */
export async function fetchRecentRuns(client: RuntimeClient, maxRuns: number): Promise<WireRun[]> {
  const { experiments = [] } = await call(client, EXPERIMENTS_SEARCH, {
    max_results: 1000,
    view_type: 'ACTIVE_ONLY',
  });
  if (experiments.length === 0) return [];
  const { runs = [] } = await call(client, RUNS_SEARCH, {
    experiment_ids: experiments.map((e) => e.experiment_id),
    order_by: ['attributes.start_time DESC'],
    max_results: maxRuns,
    run_view_type: 'ACTIVE_ONLY',
  });
  return runs;
}
