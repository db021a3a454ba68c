import type { Tracking } from '../../core/tracking';
import { RUNS_MOVE } from '../../shared/contract';
import type { Router } from '../http';
import { runIdOf } from './mlflow/params';
import { wireRunInfo } from './mlflow/wire';

/**
 * POST /api/runs/move {run_id, experiment_name}: files a RUNNING run under the named experiment
 * (created when missing), with its artifacts. What the Node client asks when `mlops run` chose
 * the Default experiment for a script that names its own.
 */
export function registerRunMoveRoutes(router: Router, tracking: Tracking): void {
  router.handle(RUNS_MOVE, (p) => {
    const moved = tracking.moveRun(runIdOf(p), p.experiment_name);
    return { run_info: wireRunInfo(moved.info), moved: moved.fromExperimentId !== moved.info.experimentId };
  });
}
