import { diffVersions, verifyCache } from '../../core/data';
import { ApiError } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

function pathOf(body: { path?: unknown }): string {
  if (typeof body.path !== 'string' || body.path === '') throw new ApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'path'.");
  return body.path;
}

/** Datasets and their versions; adds go through the data service so they are serialized. */
export function registerDataRoutes(router: Router, ctx: RuntimeContext): void {
  router.get('/api/data/datasets', async () => {
    await ctx.data.settled();
    return { datasets: ctx.datasets.list() };
  });

  router.get('/api/data/status', async () => ({ datasets: await ctx.datasets.status() }));

  router.get('/api/data/versions', ({ url }) => ({ versions: ctx.datasets.versions(pathOf({ path: url.searchParams.get('path') ?? undefined })) }));

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

  /** The extension reports editor saves, so a save is versioned without waiting for the watcher. */
  router.post('/api/data/saved', async ({ json }) => {
    ctx.data.changed(ctx.datasets.relativePath(pathOf(await json<{ path?: unknown }>())));
    return {};
  });
}
