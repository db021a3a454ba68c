import type { RunWriter } from '../core/pipeline';
import { wireDouble } from '../shared/mlflow-values';
import type { RuntimeClient } from '../shared/runtime-client';

/** A RunWriter through the runtime's MLflow REST API, so the editor's views hear of every change. */
export function restRunWriter(client: RuntimeClient): RunWriter {
  return {
    experimentId: async (name) => {
      try {
        const found = await client.request<{ experiment: { experiment_id: string } }>('GET', `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
        return found.experiment.experiment_id;
      } catch {
        return (await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name })).experiment_id;
      }
    },
    create: async ({ experimentId, runName, tags }) => {
      const created = await client.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, ...(runName && { run_name: runName }), start_time: Date.now(), tags });
      return created.run.info.run_id;
    },
    log: async (runId, batch) => {
      const metrics = batch.metrics?.map((m) => ({ ...m, value: wireDouble(m.value) }));
      await client.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, ...batch, ...(metrics && { metrics }) });
    },
    end: async (runId, status) => {
      await client.request('POST', '/api/2.0/mlflow/runs/update', { run_id: runId, status, end_time: Date.now() });
    },
  };
}
