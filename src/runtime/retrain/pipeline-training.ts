import { buildDag, loadPipeline, pipelineTargets } from '../../core/pipeline';
import type { RetrainConfig, TrainingRun } from '../../core/monitoring';
import type { WorkspacePaths } from '../../core/workspace';
import type { PipelineReproRequest } from '../../shared/pipelines';
import type { ReproOutcome } from '../pipelines/pipeline-service';

/** What a pipeline retrain needs of the runtime's PipelineService. */
export interface RetrainPipelines {
  readonly busy: boolean;
  idle(): Promise<void>;
  reproduce(request: PipelineReproRequest): Promise<ReproOutcome>;
}

/** A pipeline retrain's training: the run to conclude, or why there is no new version to look for. */
export type PipelineTraining = { run: TrainingRun } | { failed: string };

/**
 * Reproduces `retrain.pipeline` (a stage with its upstream, a dvc.yaml or all) through the
 * runtime's PipelineService once no other repro runs, so the Pipelines view shows it. A stage that
 * fails, or a pipeline already up to date (nothing ran, so nothing was registered), ends the retrain.
 */
export async function trainWithPipeline(pipelines: RetrainPipelines, paths: WorkspacePaths, retrain: RetrainConfig, started?: (runId: string | undefined) => void): Promise<PipelineTraining> {
  const pipeline = retrain.pipeline!;
  while (pipelines.busy) await pipelines.idle();
  const targets = pipelineTargets(buildDag(loadPipeline(paths.root).stages), pipeline);
  const since = Date.now();
  const ended = await pipelines.reproduce({ targets, force: retrain.force ?? false });
  started?.(ended.runId);
  const { result } = ended;
  if (!result) return { failed: `the pipeline ${pipeline} did not run: ${ended.error ?? 'the repro stopped'}` };
  if (result.failed.length > 0) return { failed: `the pipeline ${pipeline} failed: ${result.failed.map((f) => `stage ${f.id}: ${f.reason}`).join('; ')}` };
  if (result.ran.length === 0) {
    return { failed: `the pipeline ${pipeline} was up to date (no dependency changed), so nothing retrained; add force: true to retrain: to run it anyway` };
  }
  return { run: { exitCode: 0, since, ...(ended.runId !== undefined && { runId: ended.runId }) } };
}
