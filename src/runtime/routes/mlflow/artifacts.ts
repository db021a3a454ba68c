import { invalid } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { artifactPathOfUri } from '../../../core/tracking';
import type { RESPONDED } from '../../http';
import type { RequestContext, Router } from '../../http';
import { Params } from './params';
import { sendDownload } from './send-file';
import { wireFiles } from './wire';


async function sendFile(ctx: RequestContext, tracking: Tracking, path: string): Promise<typeof RESPONDED> {
  const { stream, size } = await tracking.artifacts.open(path);
  return sendDownload(ctx, stream, size, path);
}

/** Proxied artifact storage (mlflow-artifacts:/…) and the run-relative artifacts/list. */
export function registerArtifactRoutes(router: Router, tracking: Tracking): void {
  for (const base of ['/api/2.0/mlflow-artifacts/artifacts', '/ajax-api/2.0/mlflow-artifacts/artifacts']) {
    router.add('PUT', `${base}/*`, async (ctx) => {
      await tracking.artifacts.put(ctx.params['*']!, ctx.req);
      return {};
    });
    router.get(`${base}/*`, (ctx) => sendFile(ctx, tracking, ctx.params['*']!));
    router.add('DELETE', `${base}/*`, async (ctx) => {
      await tracking.artifacts.delete(ctx.params['*']!);
      return {};
    });
    router.get(base, async (ctx) => {
      const path = ctx.url.searchParams.get('path') ?? '';
      const files = (await tracking.artifacts.list(path, path)).map((f) => ({ ...f, path: f.path.split('/').pop()! }));
      return files.length > 0 ? { files: wireFiles(files) } : {};
    });
  }

  for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
    router.get(`${prefix}/artifacts/list`, async (ctx) => {
      const p = await Params.of(ctx);
      const run = tracking.runs.info(p.runId());
      const root = artifactPathOfUri(run.artifactUri);
      const sub = p.string('path') ?? '';
      if (sub.split('/').includes('..') || sub.startsWith('/')) throw invalid(`Invalid path '${sub}': it must be relative and must not contain '..'.`);
      const files = await tracking.artifacts.list(sub ? `${root}/${sub}` : root, root);
      return { root_uri: run.artifactUri, ...(files.length > 0 && { files: wireFiles(files) }) };
    });
  }

  router.get('/get-artifact', async (ctx) => {
    const p = await Params.of(ctx);
    const run = tracking.runs.info(p.runId());
    return sendFile(ctx, tracking, `${artifactPathOfUri(run.artifactUri)}/${p.requiredString('path')}`);
  });
}
