import type { CompareRequest, CompareResponse } from '../compare';
import type { ArtifactPreview, RunPageResponse } from '../run-page';
import { object, returns, unchecked } from './check';
import type { RunInfo } from './mlflow-tracking';
import { id, runId, string } from './proto';
import { route } from './route';

/** The run page, the compare panel and moving a run. Run ids as MLflow's (`run_uuid` too). */

const run = { run_id: runId, run_uuid: string };

export const RUNS_PAGE = route({
  method: 'GET',
  path: '/api/runs/page',
  params: object(run),
  result: returns<RunPageResponse>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const ARTIFACTS_PREVIEW = route({
  method: 'GET',
  path: '/api/artifacts/preview',
  /** `path`: relative to the run's artifact root; the handler refuses '' and '..'. */
  params: object({ ...run, path: string }),
  result: returns<ArtifactPreview>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const COMPARE = route({
  method: 'POST',
  path: '/api/compare',
  params: unchecked<CompareRequest>(),
  result: returns<CompareResponse>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** Files a RUNNING run under the named experiment (created when missing), with its artifacts. */
export const RUNS_MOVE = route({
  method: 'POST',
  path: '/api/runs/move',
  params: object({ ...run, experiment_name: id }),
  result: returns<{ run_info: RunInfo; moved: boolean }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const RUN_ROUTES = [RUNS_PAGE, ARTIFACTS_PREVIEW, COMPARE, RUNS_MOVE] as const;
