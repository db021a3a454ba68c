import type { AlertsResponse, MonitorResult, MonitorResultsResponse, MonitorsResponse } from '../../shared/monitors';
import { ApiError } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';
import { shown } from '../http/shown';

/** An optional whole-number query parameter within bounds. */
function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ApiError('INVALID_PARAMETER_VALUE', `${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  return value;
}

/** Monitors of mlops.yaml as the runtime runs them, and the alerts they fired. */
export function registerMonitorRoutes(router: Router, ctx: RuntimeContext): void {
  router.get('/api/monitors', (): MonitorsResponse => ctx.monitors.list());

  router.post('/api/monitors/:name/run', ({ params }): Promise<MonitorResult> => ctx.monitors.run(params.name!));

  router.get('/api/monitors/:name/results', ({ params, url }): MonitorResultsResponse => ({
    results: ctx.monitors.history(params.name!, intParam(url, 'limit', 50, 1, 1000)),
  }));

  router.post('/api/monitors/:name/silence', async ({ params, json }) => {
    const { minutes } = await json<{ minutes?: unknown }>();
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
      throw new ApiError('INVALID_PARAMETER_VALUE', `minutes must be a number ≥ 0 (how long to silence the monitor; 0 ends a silence), got ${shown(minutes)}.`);
    }
    return ctx.monitors.silence(params.name!, minutes);
  });

  router.get('/api/alerts', ({ url }): AlertsResponse => ({
    alerts: ctx.monitors.alerts(intParam(url, 'since', 0, 0, Number.MAX_SAFE_INTEGER), intParam(url, 'limit', 100, 1, 1000)),
  }));
}
