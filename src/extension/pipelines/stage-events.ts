import type { RuntimeEvent } from '../../shared/events';
import type { Pipeline, PipelineStage } from '../../shared/pipelines';

type StageEvent = Extract<RuntimeEvent, { type: 'pipeline.stage' }>['data'];

/**
 * One `pipeline.stage` event applied to the listed pipelines, in place: running with its start,
 * failed with its reason, up to date once it ran, was restored or was skipped. Answers the stage
 * it changed, or undefined when it is not listed (then the caller reloads). No vscode import.
 */
export function applyStageEvent(pipelines: readonly Pipeline[], event: StageEvent): PipelineStage | undefined {
  const stage = findStage(pipelines, event.id);
  if (!stage) return undefined;
  switch (event.state) {
    case 'running':
      stage.state = 'running';
      stage.startedAt = event.time;
      stage.reasons = event.reason ? [event.reason] : stage.reasons;
      break;
    case 'failed':
      stage.state = 'failed';
      delete stage.startedAt;
      stage.reasons = event.reason ? [event.reason] : [];
      break;
    case 'ran':
    case 'cached':
    case 'skipped':
      stage.state = 'up-to-date';
      delete stage.startedAt;
      stage.reasons = [];
      break;
    case 'blocked':
      // An upstream stage failed: it keeps the state it had (still changed).
      delete stage.startedAt;
      if (stage.state === 'running') stage.state = 'changed';
      break;
  }
  return stage;
}

export function findStage(pipelines: readonly Pipeline[], id: string): PipelineStage | undefined {
  for (const pipeline of pipelines) {
    const stage = pipeline.stages.find((s) => s.id === id);
    if (stage) return stage;
  }
  return undefined;
}

/** Every stage id downstream of `id` (itself included), in the order the pipelines list them. */
export function downstreamOf(pipelines: readonly Pipeline[], id: string): string[] {
  const all = pipelines.flatMap((p) => p.stages);
  const picked = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stage of all) {
      if (!picked.has(stage.id) && stage.upstream.some((u) => picked.has(u))) {
        picked.add(stage.id);
        grew = true;
      }
    }
  }
  return all.filter((s) => picked.has(s.id)).map((s) => s.id);
}
