import { stat } from 'node:fs/promises';
import { invalid, notFound } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { artifactPathOfUri } from '../../../core/tracking';
import type { Router } from '../../http';
import { sendLocalFile } from './send-file';
import { wireFiles } from './wire';

/** A path under a model's artifact root: relative, no `..`. */
function relativePath(path: string, name: string): string {
  if (path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) throw invalid(`Invalid path '${path}' for parameter '${name}': it must be relative and must not contain '..'.`);
  return path.replace(/\/+$/, '');
}

/** The artifact listing and download MLflow's UI (and its tests) use for a logged model. */
export function registerLoggedModelArtifactRoutes(router: Router, prefix: string, tracking: Tracking): void {
  const rootOf = (modelId: string) => artifactPathOfUri(tracking.loggedModels.get(modelId).artifactUri);

  router.get(`${prefix}/logged-models/:id/artifacts/directories`, async (ctx) => {
    const root = rootOf(ctx.params.id!);
    const sub = relativePath(ctx.url.searchParams.get('artifact_directory_path') ?? '', 'artifact_directory_path');
    const files = await tracking.artifacts.list(sub ? `${root}/${sub}` : root, root);
    return files.length > 0 ? { files: wireFiles(files) } : {};
  });

  router.get(`${prefix}/logged-models/:id/artifacts/files`, async (ctx) => {
    const root = rootOf(ctx.params.id!);
    const path = relativePath(ctx.url.searchParams.get('artifact_file_path') ?? '', 'artifact_file_path');
    if (path === '') throw invalid("Missing value for required parameter 'artifact_file_path'.");
    const file = tracking.artifacts.resolve(`${root}/${path}`);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`Artifact '${path}' of logged model '${ctx.params.id!}' does not exist.`);
    return sendLocalFile(ctx, file, path);
  });
}
