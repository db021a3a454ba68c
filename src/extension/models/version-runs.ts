import type { RuntimeClient } from '../../shared/runtime-client';
import { RuntimeRequestError } from '../../shared/runtime-client';
import { formatValue, headlineMetrics } from '../runs/run-format';
import type { Run as WireRun } from '../../shared/contract';
import type { WireModelVersion } from './model-wire';
import { call, RUNS_GET } from '../../shared/contract';

/** What a version's row and card say about the run that produced it. */
export interface VersionRun {
  runId: string;
  name: string;
  /** The run's headline metric, as `val_accuracy 0.76`. */
  metric?: string;
}

/** At most this many runs are read per listing (the newest versions' first). */
const MAX_RUNS = 200;
const PARALLEL = 8;

export function versionRunOf(run: WireRun): VersionRun {
  const [headline] = headlineMetrics(run.data.metrics ?? [], 1);
  return {
    runId: run.info.run_id,
    name: run.info.run_name || run.info.run_id.slice(0, 8),
    ...(headline && { metric: `${headline.key} ${formatValue(headline.value)}` }),
  };
}

/** One run by id; undefined when the store does not know it (a version may name any run id). */
export async function fetchVersionRun(client: RuntimeClient, runId: string): Promise<VersionRun | undefined> {
  try {
    const { run } = await call(client, RUNS_GET, { run_id: runId });
    return versionRunOf(run);
  } catch (error) {
    // The store refusing the id (unknown, or not a run id at all) is an answer; a failing runtime is not.
    if (error instanceof RuntimeRequestError && error.status >= 400 && error.status < 500) return undefined;
    throw error;
  }
}

/** The producing runs of versions (newest first), by run id; runs the store does not know are left out. */
export async function fetchVersionRuns(client: RuntimeClient, versions: readonly WireModelVersion[]): Promise<Map<string, VersionRun>> {
  const ids = [...new Set(versions.map((v) => v.run_id).filter((id): id is string => !!id))].slice(0, MAX_RUNS);
  const runs = new Map<string, VersionRun>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const run = await fetchVersionRun(client, id);
      if (run) runs.set(id, run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return runs;
}
