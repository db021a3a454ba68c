// Applying runtime events to the MLflow JSON of a run, in place; pure, unit-tested without VS Code.
import type { LiveMetric, RunChange } from '../../shared/events';
import type { Metric as WireMetric, Run as WireRun } from '../../shared/contract';

/** Takes the status, times, name and new params a `run.changed` carries. */
export function applyRunChange(run: WireRun, change: RunChange): void {
  const info = run.info;
  if (change.runName !== undefined) info.run_name = change.runName;
  if (change.status !== undefined) info.status = change.status;
  if (change.startTime !== undefined) info.start_time = change.startTime;
  if (change.endTime !== undefined) info.end_time = change.endTime;
  else if (change.status === 'RUNNING') delete info.end_time;
  if (change.lifecycleStage !== undefined) info.lifecycle_stage = change.lifecycleStage;
  if (!change.params?.length) return;
  const params = new Map((run.data.params ?? []).map((p) => [p.key, p]));
  for (const p of change.params) params.set(p.key, { key: p.key, value: p.value });
  run.data.params = [...params.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Makes each point the latest of its key unless the run already has a later one; true when something changed. */
export function applyLiveMetrics(run: WireRun, metrics: readonly LiveMetric[]): boolean {
  const list: WireMetric[] = (run.data.metrics ??= []);
  let changed = false;
  for (const m of metrics) {
    const i = list.findIndex((x) => x.key === m.key);
    const current = i >= 0 ? list[i]! : undefined;
    if (current && (current.step > m.step || (current.step === m.step && current.timestamp > m.timestamp))) continue;
    const next = { key: m.key, value: m.value, step: m.step, timestamp: m.timestamp };
    if (current) list[i] = next;
    else list.push(next);
    changed = true;
  }
  if (changed) list.sort((a, b) => a.key.localeCompare(b.key));
  return changed;
}
