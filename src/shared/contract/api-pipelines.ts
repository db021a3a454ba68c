import type { PipelinesResponse } from '../pipelines';
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

export const PIPELINE_ROUTES = [PIPELINES_LIST, PIPELINES_REPRO];
