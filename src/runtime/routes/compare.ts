import { CompareService, parseCompareRequest } from '../../core/tracking';
import type { Tracking } from '../../core/tracking';
import { COMPARE } from '../../shared/contract';
import type { Router } from '../http';

/** The compare panel's data: runs side by side, metric histories downsampled (src/shared/compare.ts). */
export function registerCompareRoutes(router: Router, tracking: Tracking): void {
  const service = new CompareService(tracking.runs, tracking.metrics);
  router.handle(COMPARE, async (_, { json }) => service.compare(parseCompareRequest(await json())));
}
