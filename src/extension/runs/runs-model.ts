import type { RuntimeEvent } from '../../shared/events';
import type { Transport } from '../../shared/contract';
import { call, RUNS_OVERVIEW, RUNS_SEARCH } from '../../shared/contract';
import { applyLiveMetrics, applyRunChange } from './run-patch';
import type { Experiment as WireExperiment, Run as WireRun } from '../../shared/contract';

export const RUNS_PAGE = 100;

export interface ExperimentRuns {
  experiment: WireExperiment;
  runs: WireRun[];
  nextPageToken?: string;
}

/** What an event did to the model: runs patched in place (by id), or a reload is needed. */
export type RunsUpdate = { kind: 'runs'; runIds: string[] } | { kind: 'reload'; reason: string } | undefined;

/**
 * The Runs view's data, without VS Code: the root and each experiment's first page in one request
 * (/api/runs/overview), "load more" pages, and runtime events applied to the loaded runs in place,
 * so a run that logs metrics or ends costs no request.
 */
export class RunsModel {
  private experiments: ExperimentRuns[] = [];
  private readonly byId = new Map<string, WireRun>();
  filter: string | undefined;

  constructor(private readonly client: () => Transport | undefined) {}

  get loaded(): readonly ExperimentRuns[] {
    return this.experiments;
  }

  run(runId: string): WireRun | undefined {
    return this.byId.get(runId);
  }

  experiment(experimentId: string): ExperimentRuns | undefined {
    return this.experiments.find((e) => e.experiment.experiment_id === experimentId);
  }

  /** Reads the root and first pages again (one request). */
  async load(): Promise<readonly ExperimentRuns[]> {
    const client = this.client();
    if (!client) return this.clear();
    const { experiments } = await call(client, RUNS_OVERVIEW, { max_results: RUNS_PAGE, ...(this.filter && { filter: this.filter }) });
    this.experiments = experiments.map((e) => ({ experiment: e.experiment, runs: e.runs, ...(e.next_page_token && { nextPageToken: e.next_page_token }) }));
    this.byId.clear();
    for (const e of this.experiments) for (const run of e.runs) this.byId.set(run.info.run_id, run);
    return this.experiments;
  }

  /** Appends the experiment's next page. */
  async loadMore(experimentId: string): Promise<void> {
    const client = this.client();
    const entry = this.experiment(experimentId);
    if (!client || !entry?.nextPageToken) return;
    const res = await call(client, RUNS_SEARCH, {
      experiment_ids: [experimentId],
      max_results: RUNS_PAGE,
      run_view_type: 'ACTIVE_ONLY',
      page_token: entry.nextPageToken,
      ...(this.filter && { filter: this.filter }),
    });
    for (const run of res.runs ?? []) {
      if (this.byId.has(run.info.run_id)) continue;
      entry.runs.push(run);
      this.byId.set(run.info.run_id, run);
    }
    if (res.next_page_token) entry.nextPageToken = res.next_page_token;
    else delete entry.nextPageToken;
  }

  clear(): readonly ExperimentRuns[] {
    this.experiments = [];
    this.byId.clear();
    return this.experiments;
  }

  /** Applies a runtime event to the loaded runs; never requests anything. */
  apply(event: RuntimeEvent): RunsUpdate {
    switch (event.type) {
      case 'experiment.changed':
        return { kind: 'reload', reason: `experiment ${event.data.experimentId} changed` };
      case 'events.gap':
        return { kind: 'reload', reason: `missed events ${event.data.since + 1}…${event.data.oldest - 1}` };
      case 'run.metrics': {
        const run = this.byId.get(event.data.runId);
        return run && applyLiveMetrics(run, event.data.metrics) ? { kind: 'runs', runIds: [event.data.runId] } : undefined;
      }
      case 'run.changed': {
        const run = this.byId.get(event.data.runId);
        if (!run) return this.wouldShow(event.data.experimentId, event.data.startTime) ? { kind: 'reload', reason: `new run ${event.data.runId}` } : undefined;
        applyRunChange(run, event.data);
        if (run.info.lifecycle_stage === 'deleted') return { kind: 'reload', reason: `run ${event.data.runId} deleted` };
        return { kind: 'runs', runIds: [event.data.runId] };
      }
      default:
        return undefined;
    }
  }

  /** Whether a run not loaded yet belongs in a loaded first page (newest first) or a new experiment. */
  private wouldShow(experimentId: string, startTime: number | undefined): boolean {
    const entry = this.experiment(experimentId);
    if (!entry || !entry.nextPageToken) return true;
    const oldest = entry.runs.at(-1)?.info.start_time;
    return startTime === undefined || oldest === undefined || startTime >= oldest;
  }
}
