import type { Router } from '../http';
import { ApiError } from '../http';
import type { Retrainer } from '../retrain';
import { RETRAIN_APPROVE, RETRAIN_DECLINE, RETRAIN_FINISHED, RETRAIN_LIST, RETRAIN_REQUEST } from '../../shared/contract';
import { shown } from '../http/shown';

function triggerId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw new ApiError('INVALID_PARAMETER_VALUE', `"${raw}" is no retrain id: give the number GET /api/retrain lists.`);
  return id;
}

/** Retraining triggers: list, request, approve or decline a pending one, and the end of a VS Code task retrain. */
export function registerRetrainRoutes(router: Router, retrainer: Retrainer): void {
  router.handle(RETRAIN_LIST, ({ monitor }) => ({ triggers: retrainer.list(monitor) }));

  router.handle(RETRAIN_REQUEST, async (body) => {
    if (typeof body.monitor !== 'string' || body.monitor === '') throw new ApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'monitor': the name of a monitor in mlops.yaml.");
    return retrainer.request(body.monitor);
  });

  router.handle(RETRAIN_APPROVE, ({ id }) => retrainer.approve(triggerId(id)));
  router.handle(RETRAIN_DECLINE, ({ id }) => retrainer.decline(triggerId(id)));

  router.handle(RETRAIN_FINISHED, ({ id: raw, exitCode }) => {
    const id = triggerId(raw);
    if (typeof exitCode !== 'number' || !Number.isInteger(exitCode)) throw new ApiError('INVALID_PARAMETER_VALUE', `Parameter 'exitCode' must be the task's exit code, an integer; got ${shown(exitCode)}.`);
    return retrainer.finished(id, exitCode);
  });
}
