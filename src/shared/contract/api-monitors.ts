import type { AlertsResponse, MonitorResult, MonitorResultsResponse, MonitorsResponse, RetrainResponse, RetrainTrigger } from '../monitors';
import { int, num, object, optional, returns, segment, str, unchecked } from './check';
import { route } from './route';

/** Monitors of mlops.yaml, the alerts they fired, their labels, and the retraining they trigger. */

const monitor = object({ name: segment });

export const MONITORS_LIST = route({ method: 'GET', path: '/api/monitors', params: object({}), result: returns<MonitorsResponse>() });

export const MONITORS_RUN = route({ method: 'POST', path: '/api/monitors/:name/run', params: monitor, result: returns<MonitorResult>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const MONITORS_RESULTS = route({
  method: 'GET',
  path: '/api/monitors/:name/results',
  params: object({ name: segment, limit: optional(int(1, 1000)) }),
  result: returns<MonitorResultsResponse>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MONITORS_SILENCE = route({
  method: 'POST',
  path: '/api/monitors/:name/silence',
  params: object({ name: segment, minutes: num({ min: 0, message: 'minutes must be a number ≥ 0 (how long to silence the monitor; 0 ends a silence)' }) }),
  result: returns<{ silencedUntil: number | null }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** Ground truth for a monitor's performance, appended to .mlops/labels/NAME.jsonl; rows are parsed by the monitoring area. */
export const MONITORS_LABELS = route({
  method: 'POST',
  path: '/api/monitors/:name/labels',
  /** `labels`: rows {request_id, label}, read by the monitoring area (its messages name the bad row). */
  params: object({ name: segment, labels: unchecked<{ request_id: string; label: string | number | (string | number)[] }[]>() }),
  result: returns<{ appended: number }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'REQUEST_TOO_LARGE'],
});

export const ALERTS_LIST = route({
  method: 'GET',
  path: '/api/alerts',
  params: object({ since: optional(int(0, Number.MAX_SAFE_INTEGER)), limit: optional(int(1, 1000)) }),
  result: returns<AlertsResponse>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const RETRAIN_LIST = route({ method: 'GET', path: '/api/retrain', params: object({ monitor: optional(str()) }), result: returns<RetrainResponse>() });

export const RETRAIN_REQUEST = route({
  method: 'POST',
  path: '/api/retrain',
  params: object({ monitor: unchecked<string>() }),
  result: returns<RetrainTrigger>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'],
});

const trigger = object({ id: segment });

export const RETRAIN_APPROVE = route({ method: 'POST', path: '/api/retrain/:id/approve', params: trigger, result: returns<RetrainTrigger>(), errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'] });

export const RETRAIN_DECLINE = route({ method: 'POST', path: '/api/retrain/:id/decline', params: trigger, result: returns<RetrainTrigger>(), errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'] });

export const RETRAIN_FINISHED = route({
  method: 'POST',
  path: '/api/retrain/:id/finished',
  params: object({ id: segment, exitCode: unchecked<number>() }),
  result: returns<RetrainTrigger>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'],
});

export const MONITOR_ROUTES = [
  MONITORS_LIST, MONITORS_RUN, MONITORS_RESULTS, MONITORS_SILENCE, MONITORS_LABELS, ALERTS_LIST, RETRAIN_LIST, RETRAIN_REQUEST, RETRAIN_APPROVE, RETRAIN_DECLINE,
  RETRAIN_FINISHED,
] as const;
