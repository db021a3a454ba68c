import type { JobRunner } from '../../core/jobs';
import { JOBS_CANCEL, JOBS_LIST } from '../../shared/contract';
import { ApiError } from '../http';
import type { Router } from '../http';

function jobId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw new ApiError('INVALID_PARAMETER_VALUE', `"${raw}" is no job id: give the number GET /api/jobs lists.`);
  return id;
}

/** Jobs: every process the runtime runs (retrains now; stages and trials next), newest first, and cancelling one. */
export function registerJobRoutes(router: Router, jobs: JobRunner): void {
  router.handle(JOBS_LIST, ({ limit = 200 }) => ({ jobs: jobs.list(limit) }));
  router.handle(JOBS_CANCEL, ({ id }) => ({ job: jobs.cancel(jobId(id)) }));
}
