import type { WireDouble } from './compare';
import type { JobInfo } from './jobs';
import type { PipelineReproResult, StageEventState } from './pipelines';
import type { MonitorStatus, RetrainTrigger, StoredAlert } from './monitors';

/** Change events the runtime pushes over server-sent events; later areas add their own types. */
export interface RuntimeEventMap {
  'workspace.initialized': { workspace: string; created: string[] };
  'config.changed': { errors: string[] };
  'runtime.stopping': { reason: string };
  'experiment.changed': { experimentId: string };
  /** A run's state as it is now (status, times, name) and the params this change logged, so views patch it in place. */
  'run.changed': RunChange;
  /** A new version of a tracked dataset: everything the Datasets view shows of it. */
  'dataset.version': { path: string; version: number; md5: string; size: number; rows?: number; columns?: number };
  /** Progress of a push to or pull from the data remote, throttled; the last one has `finished`. */
  'data.transfer': { direction: 'push' | 'pull'; done: number; total: number; bytes: number; finished: boolean };
  /** A registered model, one of its versions (`version`) or its aliases changed; a rename names the old name. */
  'model.changed': { name: string; version?: string; renamedFrom?: string; deleted?: boolean; alias?: AliasMove };
  /** A monitor ran (on schedule, on new data or on request) or failed to. */
  'monitor.result': { monitor: string; time: number; status: MonitorStatus; driftShare?: number; error?: string };
  /** A monitor's new-data watcher is looking for its missing folder (`waiting`) or watching it (`watching`). */
  'monitor.watching': { monitor: string; dir: string; state: 'waiting' | 'watching' };
  /** An alert rule fired; `driftedColumns` names the features that drifted in that result. */
  'monitor.alert': { alert: StoredAlert; model: string; driftedColumns: string[]; retrainTriggerId?: number };
  /** A retraining trigger was created or moved on (pending, running, validating, promoted, …). */
  'retrain.changed': { trigger: RetrainTrigger };
  /** A job (a process the runtime runs) was queued, started, retried or ended: its state as stored. */
  'job.changed': { job: JobInfo };
  /** A stage of the runtime's repro changed state; `reason` says why it runs or how it failed. */
  'pipeline.stage': { id: string; file: string; state: StageEventState; reason?: string; time: number };
  /** The runtime's repro started (`result` absent) or ended. */
  'pipeline.repro': { state: 'started' | 'finished'; targets: string[]; result?: PipelineReproResult; error?: string };
  /**
   * The latest point per key the run logged since its last `run.metrics` (the runtime coalesces a
   * run's batches over ~100 ms): what views append to their charts and show as the latest value.
   */
  'run.metrics': { runId: string; experimentId: string; metrics: LiveMetric[] };
  /**
   * Sent (never stored) to a client that reconnects `since` a sequence number the log no longer
   * holds: events between `since` and `oldest` are lost to it, so it reloads what it shows.
   */
  'events.gap': { since: number; oldest: number };
}

export type RunStatusName = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunChange {
  runId: string;
  experimentId: string;
  /** Absent only when the run could not be read any more (deleted for good). */
  runName?: string;
  status?: RunStatusName;
  startTime?: number;
  endTime?: number;
  lifecycleStage?: 'active' | 'deleted';
  /** Params logged by this change (params never change once logged). */
  params?: { key: string; value: string }[];
}

/** A metric's latest point; NaN and infinities as MLflow's strings. */
export interface LiveMetric {
  key: string;
  value: WireDouble;
  step: number;
  timestamp: number;
}

/** An alias that now points at `version`, or was removed (`version` null). */
export interface AliasMove {
  alias: string;
  version: string | null;
}

export type RuntimeEventType = keyof RuntimeEventMap;

export type RuntimeEvent = {
  [K in RuntimeEventType]: { seq: number; type: K; time: number; data: RuntimeEventMap[K] };
}[RuntimeEventType];

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Incremental parser of a text/event-stream body (the WHATWG grammar: fields per line, a blank
 * line ends a message, comment lines start with ':'). Feed chunks; complete messages come back.
 */
export class SseParser {
  /** The last `id:` field seen, with or without data (the stream's position, as EventSource keeps it). */
  lastEventId: string | undefined;
  private buffer = '';
  private current: { id?: string; event?: string; data: string[] } = { data: [] };

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const eolLength = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + eolLength);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      const { id, event, data } = this.current;
      this.current = { data: [] };
      if (data.length === 0) return undefined;
      return { ...(id !== undefined && { id }), ...(event !== undefined && { event }), data: data.join('\n') };
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.current.data.push(value);
    else if (field === 'event') this.current.event = value;
    else if (field === 'id') {
      this.current.id = value;
      this.lastEventId = value;
    }
    return undefined;
  }
}

export function parseRuntimeEvent(message: SseMessage): RuntimeEvent | undefined {
  try {
    const parsed = JSON.parse(message.data) as RuntimeEvent;
    if (typeof parsed.seq !== 'number' || typeof parsed.type !== 'string') return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}
