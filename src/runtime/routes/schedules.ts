import { SCHEDULES_LIST } from '../../shared/contract';
import type { Router } from '../http';
import type { PipelineScheduler } from '../schedules';

/** mlops.yaml's pipeline schedules with their next and last run. */
export function registerScheduleRoutes(router: Router, schedules: PipelineScheduler): void {
  router.handle(SCHEDULES_LIST, () => schedules.list());
}
