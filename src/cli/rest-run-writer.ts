import type { RunWriter } from '../core/pipeline';
import { call, EXPERIMENTS_CREATE, EXPERIMENTS_GET_BY_NAME, RUNS_CREATE, RUNS_LOG_BATCH, RUNS_UPDATE } from '../shared/contract';
import { wireDouble } from '../shared/mlflow-values';
import type { RuntimeClient } from '../shared/runtime-client';

/** A RunWriter through the runtime's MLflow REST API, so the editor's views hear of every change. */
export function restRunWriter(client: RuntimeClient): RunWriter {
  return {
    experimentId: async (name) => {
      try {
        return (await call(client, EXPERIMENTS_GET_BY_NAME, { experiment_name: name })).experiment.experiment_id;
      } catch {
        return (await call(client, EXPERIMENTS_CREATE, { name })).experiment_id;
      }
    },
    create: async ({ experimentId, runName, tags }) => {
      const created = await call(client, RUNS_CREATE, { experiment_id: experimentId, ...(runName && { run_name: runName }), start_time: Date.now(), tags });
      return created.run.info.run_id;
    },
    log: async (runId, batch) => {
      const metrics = batch.metrics?.map((m) => ({ ...m, value: wireDouble(m.value) }));
      await call(client, RUNS_LOG_BATCH, { run_id: runId, ...batch, ...(metrics && { metrics }) });
    },
    end: async (runId, status) => {
      await call(client, RUNS_UPDATE, { run_id: runId, status, end_time: Date.now() });
    },
  };
}
