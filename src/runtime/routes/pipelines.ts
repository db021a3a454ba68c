import { PIPELINES_FREEZE, PIPELINES_LIST, PIPELINES_REPRO } from '../../shared/contract';
import type { Router } from '../http';
import type { PipelineService } from '../pipelines/pipeline-service';

/** The Pipelines view's routes: every stage with its state and reason, a repro on the runtime's job runner, freeze/unfreeze. */
export function registerPipelineRoutes(router: Router, pipelines: PipelineService): void {
  router.handle(PIPELINES_LIST, () => pipelines.list());
  router.handle(PIPELINES_REPRO, ({ targets, force = false, downstream = false }) =>
    pipelines.repro({ ...(targets !== undefined && { targets }), force, downstream }),
  );
  router.handle(PIPELINES_FREEZE, ({ stage, frozen }) => pipelines.freeze(stage, frozen));
}
