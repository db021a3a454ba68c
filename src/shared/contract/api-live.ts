import type { Experiment, Run } from './mlflow-tracking';
import { int, object, optional, returns, str } from './check';
import { route } from './route';

/** An experiment that has runs (active or deleted), with the first page of its active runs, newest first. */
export interface RunsOverviewExperiment {
  experiment: Experiment;
  runs: Run[];
  next_page_token?: string;
}

/**
 * The Runs view's root and first pages in one request: every active experiment that has runs,
 * each with its newest `max_results` active runs matching `filter` (MLflow's search syntax).
 */
export const RUNS_OVERVIEW = route({
  method: 'POST',
  path: '/api/runs/overview',
  params: object({ filter: optional(str()), max_results: optional(int(1, 1000)) }),
  result: returns<{ experiments: RunsOverviewExperiment[] }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const LIVE_ROUTES = [RUNS_OVERVIEW];
