import type { SchedulesResponse } from '../schedules';
import { object, returns } from './check';
import { route } from './route';

/** mlops.yaml's pipeline schedules with their next and last run. */
export const SCHEDULES_LIST = route({ method: 'GET', path: '/api/schedules', params: object({}), result: returns<SchedulesResponse>() });

export const SCHEDULE_ROUTES = [SCHEDULES_LIST];
