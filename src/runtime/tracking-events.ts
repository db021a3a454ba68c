import type { RunInfo, TrackingChange } from '../core/tracking';
import type { EventHub } from './event-hub';
import type { WireDouble } from '../shared/compare';
import type { LiveMetric, RunChange } from '../shared/events';
import { wireDouble } from '../shared/mlflow-values';

/** A run's batches within this window make one `run.metrics` event: 1,000 points/s are ~10 events/s. */
export const METRICS_WINDOW_MS = 100;

/** Tracking changes as runtime events, carrying what changed so views apply them without asking back. */
export function publishTrackingChange(hub: EventHub, change: TrackingChange): void {
  if (change.kind === 'experiment') {
    hub.publish('experiment.changed', { experimentId: change.experimentId });
    return;
  }
  if (!change.runId) return;
  const coalescer = coalescerOf(hub);
  if (change.kind === 'metrics') {
    coalescer.add(change.runId, change.experimentId, change.metrics ?? []);
    return;
  }
  // Metrics logged before a status change reach listeners before it.
  coalescer.flush(change.runId);
  hub.publish('run.changed', runChange(change.runId, change.experimentId, change.info, change.params));
}

function runChange(runId: string, experimentId: string, info: RunInfo | undefined, params: TrackingChange['params']): RunChange {
  if (!info) return { runId, experimentId };
  return {
    runId,
    experimentId: info.experimentId,
    runName: info.runName,
    status: info.status,
    ...(info.startTime !== null && { startTime: info.startTime }),
    ...(info.endTime !== null && { endTime: info.endTime }),
    lifecycleStage: info.lifecycleStage,
    ...(params && params.length > 0 && { params: params.map(({ key, value }) => ({ key, value })) }),
  };
}

const coalescers = new WeakMap<EventHub, MetricCoalescer>();

function coalescerOf(hub: EventHub): MetricCoalescer {
  let coalescer = coalescers.get(hub);
  if (!coalescer) {
    const created = new MetricCoalescer(hub);
    hub.beforeClose(() => created.flush());
    coalescers.set(hub, created);
    coalescer = created;
  }
  return coalescer;
}

/** Keeps the latest point per run and key until the window ends, then publishes one event per run. */
class MetricCoalescer {
  private readonly pending = new Map<string, { experimentId: string; latest: Map<string, LiveMetric> }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly hub: EventHub) {}

  add(runId: string, experimentId: string, metrics: readonly { key: string; value: number; step: number; timestamp: number }[]): void {
    let run = this.pending.get(runId);
    if (!run) {
      run = { experimentId, latest: new Map() };
      this.pending.set(runId, run);
    }
    for (const m of metrics) {
      const seen = run.latest.get(m.key);
      if (!seen || m.step > seen.step || (m.step === seen.step && m.timestamp >= seen.timestamp)) {
        run.latest.set(m.key, { key: m.key, value: wireDouble(m.value) as WireDouble, step: m.step, timestamp: m.timestamp });
      }
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), METRICS_WINDOW_MS);
      this.timer.unref();
    }
  }

  /** Publishes what is pending now: for one run, or for all (then the window closes). */
  flush(runId?: string): void {
    const ids = runId === undefined ? [...this.pending.keys()] : this.pending.has(runId) ? [runId] : [];
    for (const id of ids) {
      const run = this.pending.get(id)!;
      this.pending.delete(id);
      const metrics = [...run.latest.values()].map(({ key, value, step, timestamp }) => ({ key, value, step, timestamp }));
      if (metrics.length > 0) this.hub.publish('run.metrics', { runId: id, experimentId: run.experimentId, metrics });
    }
    if (this.pending.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
