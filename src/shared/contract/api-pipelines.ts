import type { PipelineFreezeResult, PipelinesResponse } from '../pipelines';
import { arrayOf, bool, object, optional, returns, str } from './check';
import { route } from './route';

/** The Pipelines view: every stage with its state, and a repro on the runtime's job runner. */
export const PIPELINES_LIST = route({ method: 'GET', path: '/api/pipelines', params: object({}), result: returns<PipelinesResponse>() });

export const PIPELINES_REPRO = route({
  method: 'POST',
  path: '/api/pipelines/repro',
  params: object({ targets: optional(arrayOf(str({ nonEmpty: true }))), force: optional(bool), downstream: optional(bool) }),
  result: returns<{ started: true; targets: string[] }>(),
  errors: ['INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

/** Sets or removes `frozen: true` on a stage in its dvc.yaml, leaving the rest of the file byte-identical. */
export const PIPELINES_FREEZE = route({
  method: 'POST',
  path: '/api/pipelines/freeze',
  params: object({ stage: str({ nonEmpty: true }), frozen: bool }),
  result: returns<PipelineFreezeResult>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'],
});

export const PIPELINE_ROUTES = [PIPELINES_LIST, PIPELINES_REPRO, PIPELINES_FREEZE];
