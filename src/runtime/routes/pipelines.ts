import type { PipelineReproRequest, PipelinesResponse } from '../../shared/pipelines';
import type { Router } from '../http';
import { ApiError } from '../http';
import { shown } from '../http/shown';
import type { PipelineService } from '../pipelines/pipeline-service';

function reproRequest(body: Record<string, unknown>): PipelineReproRequest {
  const { targets, force, downstream } = body;
  if (targets !== undefined && (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string' && t !== ''))) {
    throw new ApiError('INVALID_PARAMETER_VALUE', `Parameter 'targets' must be a list of stage names; got ${shown(targets)}.`);
  }
  return { ...(targets !== undefined && { targets: targets as string[] }), force: flag('force', force), downstream: flag('downstream', downstream) };
}

function flag(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new ApiError('INVALID_PARAMETER_VALUE', `Parameter '${name}' must be true or false; got ${shown(value)}.`);
  return value === true;
}

/** The Pipelines view's routes: every stage with its state and reason, and a repro on the runtime's job runner. */
export function registerPipelineRoutes(router: Router, pipelines: PipelineService): void {
  router.get('/api/pipelines', (): Promise<PipelinesResponse> => pipelines.list());
  router.post('/api/pipelines/repro', async ({ json }) => {
    const body = await json<unknown>();
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('INVALID_PARAMETER_VALUE', 'The body must be a JSON object: {"targets": [...], "force": false, "downstream": false}.');
    return pipelines.repro(reproRequest(body as Record<string, unknown>));
  });
}
