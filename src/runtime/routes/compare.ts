import { CompareService, parseCompareRequest } from '../../core/tracking';
import type { Tracking } from '../../core/tracking';
import type { CompareResponse } from '../../shared/compare';
import type { Router } from '../http';

/** The compare panel's data: runs side by side, metric histories downsampled (src/shared/compare.ts). */
export function registerCompareRoutes(router: Router, tracking: Tracking): void {
  const service = new CompareService(tracking.runs, tracking.metrics);
  router.post('/api/compare', async ({ json }): Promise<CompareResponse> => service.compare(parseCompareRequest(await json())));
}
