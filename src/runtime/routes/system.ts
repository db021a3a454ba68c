import { initWorkspace, loadConfig } from '../../core/workspace';
import type { HealthResponse, RuntimeStatus } from '../../shared/api';
import { EVENTS, HEALTH, SHUTDOWN, STATUS, WORKSPACE_INIT } from '../../shared/contract';
import { VERSION } from '../../shared/version';
import { ApiError, RESPONDED } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** Health, status, the event stream, workspace initialisation and shutdown. */
export function registerSystemRoutes(router: Router, ctx: RuntimeContext): void {
  router.handle(HEALTH, (): HealthResponse => ({ status: 'ok', version: VERSION, pid: process.pid }));

  router.handle(STATUS, (): RuntimeStatus => ({
    version: VERSION,
    pid: process.pid,
    workspace: ctx.paths.root,
    node: { version: process.version, execPath: process.execPath, electron: process.versions.electron !== undefined },
    store: { driver: ctx.store.driverName, path: ctx.store.path, schemaVersion: ctx.store.schemaVersion },
    startedAt: ctx.startedAt,
    uptimeMs: Date.now() - ctx.startedAt,
    configErrors: ctx.configErrors,
  }));

  router.handle(EVENTS, (params, { res, req }) => {
    const header = req.headers['last-event-id'];
    const since = params.since ?? (header === undefined ? undefined : Number(header));
    if (since !== undefined && (!Number.isInteger(since) || since < 0)) {
      throw new ApiError('INVALID_PARAMETER_VALUE', `Last-Event-ID must be a non-negative integer, got "${String(header)}"`);
    }
    ctx.hub.attach(res, since);
    return RESPONDED;
  });

  router.handle(WORKSPACE_INIT, () => {
    const created = initWorkspace(ctx.paths.root);
    ctx.configErrors = loadConfig(ctx.paths.config).errors;
    ctx.hub.publish('workspace.initialized', { workspace: ctx.paths.root, created });
    return { created };
  });

  router.handle(SHUTDOWN, (body, { res }) => {
    const reason = body.reason ? `shutdown requested over HTTP: ${body.reason}` : 'shutdown requested over HTTP';
    res.once('finish', () => {
      ctx.requestStop(reason).catch((error: unknown) => ctx.log(`shutdown failed: ${String(error)}`));
    });
    return {};
  });
}
