import type { Tracking } from '../../core/tracking';
import type { Router } from '../http';
import type { Experiment, Run } from '../../shared/contract';
import { RUNS_OVERVIEW } from '../../shared/contract';
import type { RunsOverviewExperiment } from '../../shared/contract';
import { wireExperiment, wireRun } from './mlflow/wire';

const DEFAULT_PAGE = 100;
const MAX_EXPERIMENTS = 1000;

/** POST /api/runs/overview: the Runs view's root and each experiment's first page, in one request. */
export function registerRunsOverviewRoutes(router: Router, tracking: Tracking): void {
  router.handle(RUNS_OVERVIEW, ({ filter, max_results }) => {
    const experiments: RunsOverviewExperiment[] = [];
    for (const experiment of tracking.experiments.search({ maxResults: MAX_EXPERIMENTS, viewType: 'ACTIVE_ONLY' }).items) {
      const experimentIds = [experiment.experimentId];
      if (tracking.runs.search({ experimentIds, maxResults: 1, viewType: 'ALL' }).items.length === 0) continue;
      const page = tracking.runs.search({ experimentIds, maxResults: max_results ?? DEFAULT_PAGE, viewType: 'ACTIVE_ONLY', ...(filter && { filter }) });
      experiments.push({
        experiment: wireExperiment(experiment) as unknown as Experiment,
        runs: page.items.map((run) => wireRun(run) as unknown as Run),
        ...(page.nextPageToken && { next_page_token: page.nextPageToken }),
      });
    }
    return { experiments };
  });
}
