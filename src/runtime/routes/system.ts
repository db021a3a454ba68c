import { initWorkspace, loadConfig } from '../../core/workspace';
import type { HealthResponse, RuntimeStatus } from '../../shared/api';
import { VERSION } from '../../shared/version';
import { ApiError, RESPONDED } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** Health, status, the event stream, workspace initialisation and shutdown. */
export function registerSystemRoutes(router: Router, ctx: RuntimeContext): void {
  router.get('/health', (): HealthResponse => ({ status: 'ok', version: VERSION, pid: process.pid }));

  router.get('/api/status', (): RuntimeStatus => ({
    version: VERSION,
    pid: process.pid,
    workspace: ctx.paths.root,
    node: { version: process.version, execPath: process.execPath, electron: process.versions.electron !== undefined },
    store: { driver: ctx.store.driverName, path: ctx.store.path, schemaVersion: ctx.store.schemaVersion },
    startedAt: ctx.startedAt,
    uptimeMs: Date.now() - ctx.startedAt,
    configErrors: ctx.configErrors,
  }));

  router.get('/api/events', ({ res, url, req }) => {
    const raw = url.searchParams.get('since') ?? req.headers['last-event-id'];
    const since = raw === undefined || raw === null ? undefined : Number(raw);
    if (since !== undefined && (!Number.isInteger(since) || since < 0)) {
      throw new ApiError('INVALID_PARAMETER_VALUE', `since must be a non-negative integer, got "${String(raw)}"`);
    }
    ctx.hub.attach(res, since);
    return RESPONDED;
  });

  router.post('/api/workspace/init', () => {
    const created = initWorkspace(ctx.paths.root);
    ctx.configErrors = loadConfig(ctx.paths.config).errors;
    ctx.hub.publish('workspace.initialized', { workspace: ctx.paths.root, created });
    return { created };
  });

  router.post('/api/shutdown', async ({ res, json }) => {
    const body = await json<{ reason?: unknown }>();
    if (body.reason !== undefined && typeof body.reason !== 'string') {
      throw new ApiError('INVALID_PARAMETER_VALUE', 'reason must be a string');
    }
    const reason = body.reason ? `shutdown requested over HTTP: ${body.reason}` : 'shutdown requested over HTTP';
    res.once('finish', () => void ctx.requestStop(reason));
    return {};
  });
}
