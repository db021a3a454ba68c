import { existsSync, mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError, invalid } from '../errors';
import type { Store } from '../store';
import type { ArtifactStore } from './artifacts';
import { artifactPathOfUri } from './artifacts';
import type { ExperimentRepository } from './experiments';
import type { RunRepository } from './runs';
import type { Experiment, RunInfo } from './types';

export interface MovedRun {
  info: RunInfo;
  /** The experiment the run was in; equal to info.experimentId when it was there already. */
  fromExperimentId: string;
  /** True when the target experiment was created by this move. */
  createdExperiment: boolean;
}

interface Parts {
  store: Store;
  experiments: ExperimentRepository;
  runs: RunRepository;
  artifacts: ArtifactStore;
}

/**
 * Files a RUNNING run under the experiment named `experimentName` (created when missing): its
 * experiment id and artifact URI change in one transaction, and its artifact folder moves from
 * `<old>/<run>/artifacts` to `<new>/<run>/artifacts` by one rename, undone if the commit fails.
 * Refused once the run has ended, and when models (registered or logged) point at its artifacts.
 */
export function moveRunToExperiment(parts: Parts, runId: unknown, experimentName: unknown): MovedRun {
  if (typeof experimentName !== 'string' || experimentName.trim() === '') {
    throw invalid("Missing value for required parameter 'experiment_name'. See the API docs for more information about request parameters.");
  }
  const before = parts.runs.info(runId);
  const id = before.runId;
  const { experiment, created } = experimentNamed(parts.experiments, experimentName, () => requireMovable(parts.store, before));
  if (experiment.lifecycleStage !== 'active') {
    throw new DomainError('INVALID_STATE', `The experiment ${experiment.experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`);
  }
  let moved: { from: string; to: string } | undefined;
  try {
    return parts.store.transaction(() => {
      const run = parts.runs.info(id);
      if (run.experimentId === experiment.experimentId) return { info: run, fromExperimentId: run.experimentId, createdExperiment: created };
      requireMovable(parts.store, run);
      const artifactUri = `${experiment.artifactLocation.replace(/\/+$/, '')}/${id}/artifacts`;
      parts.store.db.run('UPDATE runs SET experiment_id = ?, artifact_uri = ? WHERE run_uuid = ?', [Number(experiment.experimentId), artifactUri, id]);
      moved = moveArtifactFolder(parts.artifacts, run.artifactUri, artifactUri);
      return { info: parts.runs.info(id), fromExperimentId: run.experimentId, createdExperiment: created };
    });
  } catch (error) {
    if (moved) {
      mkdirSync(dirname(moved.from), { recursive: true });
      renameSync(moved.to, moved.from);
    }
    throw error;
  }
}

/** The experiment named `name`; created when missing, once `beforeCreating` has not refused. */
function experimentNamed(experiments: ExperimentRepository, name: string, beforeCreating: () => void): { experiment: Experiment; created: boolean } {
  try {
    return { experiment: experiments.getByName(name), created: false };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'RESOURCE_DOES_NOT_EXIST') throw error;
  }
  beforeCreating(); // a move bound to be refused leaves no experiment behind
  try {
    return { experiment: experiments.get(experiments.create(name, undefined)), created: true };
  } catch (error) {
    // Created meanwhile by another request: use that one.
    if (error instanceof DomainError && error.code === 'RESOURCE_ALREADY_EXISTS') return { experiment: experiments.getByName(name), created: false };
    throw error;
  }
}

function requireMovable(store: Store, run: RunInfo): void {
  if (run.lifecycleStage !== 'active') throw new DomainError('INVALID_STATE', `The run ${run.runId} must be in the 'active' state. Current state is ${run.lifecycleStage}.`);
  if (run.status !== 'RUNNING') throw new DomainError('INVALID_STATE', `The run ${run.runId} can change experiment only while it is RUNNING; it is ${run.status}.`);
  const models =
    store.db.get<{ n: number }>(
      'SELECT (SELECT count(*) FROM logged_models WHERE source_run_id = ?) + (SELECT count(*) FROM run_outputs WHERE run_uuid = ?) + (SELECT count(*) FROM model_versions WHERE run_id = ?) AS n',
      [run.runId, run.runId, run.runId],
    )?.n ?? 0;
  if (models > 0) throw new DomainError('INVALID_STATE', `The run ${run.runId} cannot change experiment: models already point at its artifacts.`);
}

/** Renames the run's artifact folder into the new experiment's; nothing to do while it has none. */
function moveArtifactFolder(artifacts: ArtifactStore, fromUri: string, toUri: string): { from: string; to: string } | undefined {
  const from = servedPath(fromUri);
  const source = from === undefined ? undefined : artifacts.resolve(from);
  if (source === undefined || !existsSync(source)) return undefined;
  const to = servedPath(toUri);
  if (to === undefined) throw new DomainError('INVALID_STATE', `The run's artifacts cannot move to '${toUri}': only mlflow-artifacts: locations are stored here.`);
  const target = artifacts.resolve(to);
  if (existsSync(target)) throw new DomainError('INVALID_STATE', `The run's artifacts cannot move: '${to}' exists already.`);
  mkdirSync(dirname(target), { recursive: true });
  try {
    renameSync(source, target);
  } catch (error) {
    throw new DomainError('IO_ERROR', `Could not move the run's artifacts from '${from}' to '${to}': ${(error as Error).message}`, { cause: error });
  }
  try {
    rmdirSync(dirname(source)); // the emptied `<old>/<run>` folder
  } catch {
    // not empty (someone wrote beside `artifacts`) or gone: leave it
  }
  return { from: source, to: target };
}

function servedPath(uri: string): string | undefined {
  try {
    return artifactPathOfUri(uri);
  } catch {
    return undefined;
  }
}
