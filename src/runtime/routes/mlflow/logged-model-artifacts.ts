import { stat } from 'node:fs/promises';
import { invalid, notFound } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { artifactPathOfUri } from '../../../core/tracking';
import { LOGGED_MODELS_GET_ARTIFACT, LOGGED_MODELS_LIST_ARTIFACTS } from '../../../shared/contract';
import type { RESPONDED, Router } from '../../http';
import { serveMlflow } from './params';
import { sendLocalFile } from './send-file';
import { wireFiles } from './wire';

/** A path under a model's artifact root: relative, no `..`. */
function relativePath(path: string, name: string): string {
  if (path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) throw invalid(`Invalid path '${path}' for parameter '${name}': it must be relative and must not contain '..'.`);
  return path.replace(/\/+$/, '');
}

/** The artifact listing and download MLflow's UI (and its tests) use for a logged model. */
export function registerLoggedModelArtifactRoutes(router: Router, tracking: Tracking): void {
  const rootOf = (modelId: string) => artifactPathOfUri(tracking.loggedModels.get(modelId).artifactUri);

  serveMlflow(router, LOGGED_MODELS_LIST_ARTIFACTS, async ({ model_id, artifact_directory_path }) => {
    const root = rootOf(model_id);
    const sub = relativePath(artifact_directory_path ?? '', 'artifact_directory_path');
    const files = await tracking.artifacts.list(sub ? `${root}/${sub}` : root, root);
    return files.length > 0 ? { files: wireFiles(files) } : {};
  });

  serveMlflow(router, LOGGED_MODELS_GET_ARTIFACT, async ({ model_id, artifact_file_path }, ctx): Promise<typeof RESPONDED> => {
    const root = rootOf(model_id);
    const path = relativePath(artifact_file_path ?? '', 'artifact_file_path');
    if (path === '') throw invalid("Missing value for required parameter 'artifact_file_path'.");
    const file = tracking.artifacts.resolve(`${root}/${path}`);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`Artifact '${path}' of logged model '${model_id}' does not exist.`);
    return sendLocalFile(ctx, file, path);
  });
}
