import type { Tracking } from '../../../core/tracking';
import type { RequestContext } from '../../http';

/**
 * MLflow's Python client checks that a run handed over in MLFLOW_RUN_ID sits in the experiment
 * the script chose with set_experiment. When `mlops run` only defaulted the run's experiment, the
 * first experiment the script names (get-by-name or create) receives the run, once.
 */
export class DefaultedRuns {
  private readonly decided = new Set<string>();

  constructor(
    private readonly tracking: Tracking,
    private readonly log: (line: string) => void,
  ) {}

  named(ctx: RequestContext, experimentName: string): void {
    const runId = ctx.defaultedRunId;
    if (runId === undefined || this.decided.has(runId)) return;
    this.decided.add(runId);
    try {
      this.tracking.moveRun(runId, experimentName);
    } catch (error) {
      this.log(`run ${runId} stays in its experiment, not '${experimentName}': ${(error as Error).message}`);
    }
  }
}
