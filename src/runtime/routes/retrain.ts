import type { Router } from '../http';
import { ApiError } from '../http';
import type { Retrainer } from '../retrain';
import type { RetrainResponse, RetrainTrigger } from '../../shared/monitors';
import { shown } from '../http/shown';

function triggerId(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!/^\d+$/.test(params.id ?? '') || !Number.isSafeInteger(id)) throw new ApiError('INVALID_PARAMETER_VALUE', `"${params.id}" is no retrain id: give the number GET /api/retrain lists.`);
  return id;
}

/** Retraining triggers: list, request, approve or decline a pending one, and the end of a VS Code task retrain. */
export function registerRetrainRoutes(router: Router, retrainer: Retrainer): void {
  router.get('/api/retrain', ({ url }): RetrainResponse => ({ triggers: retrainer.list(url.searchParams.get('monitor') ?? undefined) }));

  router.post('/api/retrain', async ({ json }): Promise<RetrainTrigger> => {
    const body = await json<{ monitor?: unknown }>();
    if (typeof body.monitor !== 'string' || body.monitor === '') throw new ApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'monitor': the name of a monitor in mlops.yaml.");
    return retrainer.request(body.monitor);
  });

  router.post('/api/retrain/:id/approve', ({ params }): RetrainTrigger => retrainer.approve(triggerId(params)));
  router.post('/api/retrain/:id/decline', ({ params }): RetrainTrigger => retrainer.decline(triggerId(params)));

  router.post('/api/retrain/:id/finished', async ({ params, json }): Promise<RetrainTrigger> => {
    const id = triggerId(params);
    const { exitCode } = await json<{ exitCode?: unknown }>();
    if (typeof exitCode !== 'number' || !Number.isInteger(exitCode)) throw new ApiError('INVALID_PARAMETER_VALUE', `Parameter 'exitCode' must be the task's exit code, an integer; got ${shown(exitCode)}.`);
    return retrainer.finished(id, exitCode);
  });
}
