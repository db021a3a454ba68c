import type { TrackingChange } from '../core/tracking';
import type { EventHub } from './event-hub';
import { wireDouble } from '../shared/mlflow-values';

/** Tracking changes as runtime events: what the Runs view and compare panel refresh from. */
export function publishTrackingChange(hub: EventHub, change: TrackingChange): void {
  if (change.kind === 'experiment') {
    hub.publish('experiment.changed', { experimentId: change.experimentId });
    return;
  }
  if (!change.runId) return;
  if (change.kind === 'run') {
    hub.publish('run.changed', { runId: change.runId, experimentId: change.experimentId });
    return;
  }
  const latest = new Map<string, { key: string; value: number | string; step: number; timestamp: number }>();
  for (const m of change.metrics ?? []) {
    const seen = latest.get(m.key);
    if (!seen || m.step > seen.step || (m.step === seen.step && m.timestamp >= seen.timestamp)) {
      latest.set(m.key, { key: m.key, value: wireDouble(m.value), step: m.step, timestamp: m.timestamp });
    }
  }
  hub.publish('run.metrics', {
    runId: change.runId,
    experimentId: change.experimentId,
    metrics: [...latest.values()].map(({ key, value, step }) => ({ key, value, step })),
  });
}
