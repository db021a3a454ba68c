import type { JobState } from '../../shared/jobs';
import type { ProcessExit } from './types';

export interface JobOutcome {
  state: JobState;
  exitCode?: number;
  signal?: string;
  reason?: string;
}

/** How an attempt ended, as a job state: a cancel wins over how the process died of it. */
export function outcomeOf(exit: ProcessExit, cancelled: string | undefined, timeoutMs: number | undefined): JobOutcome {
  const how = { ...(exit.code !== null && { exitCode: exit.code }), ...(exit.signal !== null && { signal: exit.signal }) };
  if (cancelled !== undefined) return { state: 'CANCELLED', ...how, reason: cancelled };
  if (exit.startError !== undefined) return { state: 'FAILED', exitCode: 127, reason: `cannot start: ${exit.startError}` };
  if (exit.timedOut) return { state: 'FAILED', ...how, reason: `timed out after ${seconds(timeoutMs ?? 0)}` };
  if (exit.code === 0) return { state: 'SUCCEEDED', exitCode: 0 };
  if (exit.code !== null) return { state: 'FAILED', ...how, reason: `exit code ${exit.code}` };
  return { state: 'FAILED', ...how, reason: `killed by ${exit.signal ?? 'an unknown signal'}` };
}

export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
