import { DomainError } from '../errors';
import type { KeyValue, Tracking } from '../tracking';

export interface WriterMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export type EndStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/**
 * Where stage runs are written: the runtime's REST API when it is up (so views hear of them), else
 * the store directly. Every method may be called from stages running at the same time.
 */
export interface RunWriter {
  /** The id of the experiment called `name`, created when missing. */
  experimentId(name: string): Promise<string>;
  /** A run without `runName` gets a generated name, as MLflow's. */
  create(input: { experimentId: string; runName?: string; tags: KeyValue[] }): Promise<string>;
  log(runId: string, batch: { params?: KeyValue[]; metrics?: WriterMetric[]; tags?: KeyValue[] }): Promise<void>;
  end(runId: string, status: EndStatus): Promise<void>;
}

/** A RunWriter on an open store (no runtime running). */
export function trackingRunWriter(tracking: Tracking): RunWriter {
  return {
    experimentId: async (name) => {
      try {
        return tracking.experiments.getByName(name).experimentId;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'RESOURCE_DOES_NOT_EXIST') throw error;
        const id = tracking.experiments.create(name, undefined);
        tracking.experimentChanged(id);
        return id;
      }
    },
    create: async ({ experimentId, runName, tags }) => tracking.createRun({ experimentId, runName, tags, startTime: Date.now() }).info.runId,
    log: async (runId, batch) => tracking.logBatch(runId, batch),
    end: async (runId, status) => {
      tracking.changeRun(runId, (id) => tracking.runs.update(id, { status, endTime: Date.now() }), false);
    },
  };
}
