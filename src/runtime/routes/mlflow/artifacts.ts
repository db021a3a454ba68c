import { invalid } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { artifactPathOfUri } from '../../../core/tracking';
import { ARTIFACTS_LIST, GET_ARTIFACT, PROXY_DELETE, PROXY_DOWNLOAD, PROXY_LIST, PROXY_UPLOAD } from '../../../shared/contract';
import type { RESPONDED } from '../../http';
import type { RequestContext, Router } from '../../http';
import { runIdOf, serveMlflow } from './params';
import { sendDownload } from './send-file';
import { wireFiles } from './wire';

async function sendFile(ctx: RequestContext, tracking: Tracking, path: string): Promise<typeof RESPONDED> {
  const { stream, size } = await tracking.artifacts.open(path);
  return sendDownload(ctx, stream, size, path);
}

/** Proxied artifact storage (mlflow-artifacts:/…), the run-relative artifacts/list and /get-artifact. */
export function registerArtifactRoutes(router: Router, tracking: Tracking): void {
  router.handle(PROXY_UPLOAD, async (p, ctx) => {
    await tracking.artifacts.put(p['*'], ctx.req);
    return {};
  });
  router.handle(PROXY_DOWNLOAD, (p, ctx) => sendFile(ctx, tracking, p['*']));
  router.handle(PROXY_DELETE, async (p) => {
    await tracking.artifacts.delete(p['*']);
    return {};
  });
  router.handle(PROXY_LIST, async ({ path = '' }) => {
    const files = (await tracking.artifacts.list(path, path)).map((f) => ({ ...f, path: f.path.split('/').pop()! }));
    return files.length > 0 ? { files: wireFiles(files) } : {};
  });

  serveMlflow(router, ARTIFACTS_LIST, async (p) => {
    const run = tracking.runs.info(runIdOf(p));
    const root = artifactPathOfUri(run.artifactUri);
    const sub = p.path ?? '';
    if (sub.split('/').includes('..') || sub.startsWith('/')) throw invalid(`Invalid path '${sub}': it must be relative and must not contain '..'.`);
    const files = await tracking.artifacts.list(sub ? `${root}/${sub}` : root, root);
    return { root_uri: run.artifactUri, ...(files.length > 0 && { files: wireFiles(files) }) };
  });

  serveMlflow(router, GET_ARTIFACT, (p, ctx) => {
    const run = tracking.runs.info(runIdOf(p));
    return sendFile(ctx, tracking, `${artifactPathOfUri(run.artifactUri)}/${p.path}`);
  });
}
