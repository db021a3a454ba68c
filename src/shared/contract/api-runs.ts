import type { CompareRequest, CompareResponse } from '../compare';
import type { ArtifactPreview, RunPageResponse } from '../run-page';
import { returns, unchecked } from './check';
import { route } from './route';

/** The run page and the compare panel. Their params are parsed by the tracking area's rules (run ids as MLflow's). */

export const RUNS_PAGE = route({
  method: 'GET',
  path: '/api/runs/page',
  params: unchecked<{ run_id: string }>(),
  result: returns<RunPageResponse>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const ARTIFACTS_PREVIEW = route({
  method: 'GET',
  path: '/api/artifacts/preview',
  params: unchecked<{ run_id: string; path: string }>(),
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

export const RUN_ROUTES = [RUNS_PAGE, ARTIFACTS_PREVIEW, COMPARE] as const;
