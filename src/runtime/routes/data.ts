import type { TransferProgress, TransferResult } from '../../core/data';
import { compareVersions } from '../../core/monitoring';
import { collectGarbage, versionUsage, diffVersions, loadDataConfig, pullObjects, pushObjects, remoteStatus, requireRemote, resolveRemote, verifyCache } from '../../core/data';
import { loadConfig } from '../../core/workspace';
import type { EventHub } from '../event-hub';
import { ApiError } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';
import { shown } from '../http/shown';

/** At most one `data.transfer` event per this interval (events are stored), plus the final one. */
const PROGRESS_EVENT_MS = 250;

function pathOf(body: { path?: unknown }): string {
  if (typeof body.path !== 'string' || body.path === '') throw new ApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'path'.");
  return body.path;
}

/** An optional boolean of a JSON body; absent is false. */
function flag(body: unknown, key: string): boolean {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new ApiError('INVALID_PARAMETER_VALUE', `Parameter '${key}' must be true or false, got ${shown(value)}.`);
  return value;
}

/** Runs a push or pull, publishing its progress as `data.transfer` events. */
async function publishingProgress(hub: EventHub, direction: 'push' | 'pull', work: (onProgress: TransferProgress) => Promise<TransferResult>): Promise<TransferResult> {
  let last = { done: 0, total: 0, bytes: 0 };
  let publishedAt = 0;
  try {
    return await work((done, total, bytes) => {
      last = { done, total, bytes };
      if (Date.now() - publishedAt < PROGRESS_EVENT_MS) return;
      publishedAt = Date.now();
      hub.publish('data.transfer', { direction, ...last, finished: false });
    });
  } finally {
    hub.publish('data.transfer', { direction, ...last, finished: true });
  }
}

function describeTransfer(r: TransferResult): string {
  return `data: ${r.direction} ${r.remote}: ${r.copied} copied (${r.bytes} bytes), ${r.skipped} already there, ${r.missing.length} missing, ${r.failed.length} failed${r.restored.length ? `, restored ${r.restored.join(', ')}` : ''}`;
}

/** Datasets and their versions; adds go through the data service so they are serialized. */
export function registerDataRoutes(router: Router, ctx: RuntimeContext): void {
  router.get('/api/data/datasets', async () => {
    await ctx.data.settled();
    return { datasets: ctx.datasets.list() };
  });

  router.get('/api/data/status', async () => ({ datasets: await ctx.datasets.status() }));

  router.get('/api/data/versions', ({ url }) => {
    const path = pathOf({ path: url.searchParams.get('path') ?? undefined });
    const versions = ctx.datasets.versions(path);
    const usage = versionUsage(ctx.store.db, ctx.datasets.relativePath(path));
    return { versions: versions.map((v) => ({ ...v, usedBy: usage.get(v.md5) ?? { runs: [], models: [] } })) };
  });

  router.post('/api/data/add', async ({ json }) => {
    const result = await ctx.data.add(pathOf(await json<{ path?: unknown }>()));
    return { version: result.version, changed: result.changed, pointer_file: result.pointerFile };
  });

  router.post('/api/data/checkout', async ({ json }) => {
    const body = await json<{ path?: unknown; version?: unknown }>();
    if (typeof body.version !== 'string' && typeof body.version !== 'number') throw new ApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'version'.");
    return ctx.data.checkout(pathOf(body), String(body.version));
  });

  router.get('/api/data/diff', ({ url }) =>
    diffVersions(ctx.datasets, pathOf({ path: url.searchParams.get('path') ?? undefined }), url.searchParams.get('from') ?? undefined, url.searchParams.get('to') ?? undefined),
  );

  router.post('/api/data/verify', () => verifyCache(ctx.datasets));

  router.get('/api/data/remote', async () => {
    const remote = resolveRemote(ctx.paths.root, loadDataConfig(ctx.paths.root));
    if (!remote) return { remote: null, datasets: [] };
    await ctx.data.settled();
    return { remote, datasets: await remoteStatus(ctx.datasets, remote) };
  });

  for (const direction of ['push', 'pull'] as const) {
    router.post(`/api/data/${direction}`, async ({ json }) => {
      const allVersions = flag(await json(), 'all_versions');
      const remote = requireRemote(ctx.paths.root, loadDataConfig(ctx.paths.root));
      await ctx.data.settled();
      const transfer = direction === 'push' ? pushObjects : pullObjects;
      const result = await publishingProgress(ctx.hub, direction, (onProgress) => transfer(ctx.datasets, remote, { allVersions, onProgress }));
      ctx.log(describeTransfer(result));
      return result;
    });
  }

  router.post('/api/data/gc', async ({ json }) => {
    const dryRun = flag(await json(), 'dry_run');
    const keep = loadDataConfig(ctx.paths.root).gc?.keep;
    await ctx.data.settled();
    const result = await collectGarbage(ctx.datasets, ctx.store.db, { keep, dryRun });
    if (!dryRun) ctx.log(`data: gc removed ${result.removed.length} cache objects (${result.removedBytes} bytes) and ${result.tempFiles.count} temp files`);
    return result;
  });

  router.get('/api/data/compare', ({ url }) =>
    compareVersions(ctx.datasets, pathOf({ path: url.searchParams.get('path') ?? undefined }), url.searchParams.get('from') ?? undefined, url.searchParams.get('to') ?? undefined),
  );

  router.post('/api/data/untrack', async ({ json }) => {
    const path = pathOf(await json<{ path?: unknown }>());
    return ctx.data.untrack(path, ctx.paths.config, () => loadConfig(ctx.paths.config).config.data.track);
  });

  /** The extension reports editor saves, so a save is versioned without waiting for the watcher. */
  router.post('/api/data/saved', async ({ json }) => {
    ctx.data.changed(ctx.datasets.relativePath(pathOf(await json<{ path?: unknown }>())));
    return {};
  });
}
