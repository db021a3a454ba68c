import type { JobRunner } from '../../core/jobs';
import type { JobInfo, JobsResponse } from '../../shared/jobs';
import { ApiError } from '../http';
import type { Router } from '../http';

const MAX_LIMIT = 1000;

function jobId(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!/^\d+$/.test(params.id ?? '') || !Number.isSafeInteger(id)) throw new ApiError('INVALID_PARAMETER_VALUE', `"${params.id}" is no job id: give the number GET /api/jobs lists.`);
  return id;
}

function limitOf(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return 200;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ApiError('INVALID_PARAMETER_VALUE', `limit must be a whole number from 1 to ${MAX_LIMIT}, got "${raw}".`);
  return limit;
}

/** Jobs: every process the runtime runs (retrains now; stages and trials next), newest first, and cancelling one. */
export function registerJobRoutes(router: Router, jobs: JobRunner): void {
  router.get('/api/jobs', ({ url }): JobsResponse => ({ jobs: jobs.list(limitOf(url)) }));
  router.post('/api/jobs/:id/cancel', ({ params }): { job: JobInfo } => ({ job: jobs.cancel(jobId(params)) }));
}
