import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { invalid } from '../errors';
import type { Tracking } from '../tracking';
import { isWithin } from '../workspace';
import type { SourceContext } from './model-source';
import { locateModel, resolveModelSource } from './model-source';
import type { SourceRoots } from './source-roots';
import { checkUriSourcePath, isLocalSource } from './source-uri';

/** How a new version holds its model: a copy of one file, a local folder by reference, or a reference to something not on this machine. */
export type RegistrationPlan = { runId: string | null } & (
  /** `folder`: the folder the file was found in, when the source named a folder. */
  | { kind: 'copy'; file: string; folder?: string }
  | { kind: 'folder'; path: string }
  | { kind: 'reference'; location: string; reason: string }
);

export interface PlanContext extends SourceContext {
  sourceRoots: SourceRoots;
}

/**
 * Decides how to register `source`. Local files inside the workspace, the artifact store or an
 * allowed root are checked and copied; anything else is recorded by reference, unread: a remote
 * URI, a run or path this machine does not have, and a local path outside those roots when the
 * version's run (or logged model) stores its artifacts there, as MLflow's server allows. Any
 * other local path outside them is refused, as is a URI whose path climbs (`..`).
 */
export function planRegistration(source: string, given: { runId?: string; modelId?: string }, ctx: PlanContext): RegistrationPlan {
  if (!isLocalSource(source)) checkUriSourcePath(source);
  const resolved = resolveModelSource(source, ctx);
  const runId = given.runId || resolved.runId || null;
  if (resolved.kind === 'remote') return { kind: 'reference', location: resolved.location, reason: resolved.reason, runId };
  const { path } = resolved;
  if (!ctx.sourceRoots.contains(path) && !path.includes('\0')) {
    const namedByUri = /^(runs|models):/i.test(source);
    if (namedByUri || withinArtifactsOf(ctx.tracking, given.runId, given.modelId, path)) {
      return { kind: 'reference', location: pathToFileURL(path).href, reason: `${path} is outside the workspace and the artifact store, so it was not read`, runId };
    }
  }
  ctx.sourceRoots.check(source, path);
  const location = locateModel(source, path);
  if (location.kind === 'missing') {
    if (resolved.typed) throw invalid(`Model source '${source}' does not exist (looked for ${path}).`);
    return { kind: 'reference', location: pathToFileURL(path).href, reason: `nothing was at ${path} when it was registered`, runId };
  }
  if (location.kind === 'reference') return { kind: 'folder', path, runId };
  if (location.path !== path) ctx.sourceRoots.check(source, location.path);
  return { kind: 'copy', file: location.path, ...(location.path !== path && { folder: path }), runId };
}

/** MLflow's rule for local sources: they must lie in the artifact directory of the run (or logged model) the request names. */
function withinArtifactsOf(tracking: Tracking, runId: string | undefined, modelId: string | undefined, path: string): boolean {
  const uri = modelId ? tracking.loggedModels.get(modelId).artifactUri : runId ? tracking.runs.info(runId).artifactUri : undefined;
  const dir = uri === undefined ? undefined : localDir(uri);
  return dir !== undefined && isWithin(dir, path);
}

function localDir(uri: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  return isAbsolute(uri) ? uri : undefined;
}

/** The storage location of a version that is not a copy: the folder or file it references, or the remote location. */
export function referencedLocation(plan: RegistrationPlan): string {
  if (plan.kind === 'reference') return plan.location;
  return pathToFileURL(plan.kind === 'folder' ? plan.path : plan.file).href;
}
