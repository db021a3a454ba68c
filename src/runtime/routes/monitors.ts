import { ALERTS_LIST, MONITORS_LIST, MONITORS_RESULTS, MONITORS_RUN, MONITORS_SILENCE } from '../../shared/contract';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** Monitors of mlops.yaml as the runtime runs them, and the alerts they fired. */
export function registerMonitorRoutes(router: Router, ctx: RuntimeContext): void {
  router.handle(MONITORS_LIST, () => ctx.monitors.list());
  router.handle(MONITORS_RUN, ({ name }) => ctx.monitors.run(name));
  router.handle(MONITORS_RESULTS, ({ name, limit = 50 }) => ({ results: ctx.monitors.history(name, limit) }));
  router.handle(MONITORS_SILENCE, ({ name, minutes }) => ctx.monitors.silence(name, minutes));
  router.handle(ALERTS_LIST, ({ since = 0, limit = 100 }) => ({ alerts: ctx.monitors.alerts(since, limit) }));
}
