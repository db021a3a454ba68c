import type { MonitorConfig } from '../../core/monitoring';
import { ACTIVE_STATUSES } from '../../core/monitoring';
import type { WorkspacePaths } from '../../core/workspace';
import { RETRAIN_LIST, RETRAIN_REQUEST, call } from '../../shared/contract';
import type { RetrainTrigger } from '../../shared/monitors';
import type { CliIo } from '../io';
import { openRuntimeSession } from '../runtime-session';

const POLL_MS = 300;

/**
 * `mlops retrain MONITOR` for a `retrain: {pipeline: …}`: the runtime (the live one, or one started
 * for the command) reproduces the pipeline as its Pipelines view would; this follows the trigger to
 * its end. Exit 0 only when the new version was promoted.
 */
export async function retrainThroughRuntime(paths: WorkspacePaths, monitor: MonitorConfig, io: CliIo, progress: (before: RetrainTrigger | undefined, now: RetrainTrigger) => string[]): Promise<number> {
  const session = await openRuntimeSession(paths);
  try {
    let shown = await call(session.client, RETRAIN_REQUEST, { monitor: monitor.name });
    io.out(`retrain ${shown.id} of ${monitor.name}: the runtime reproduces the pipeline ${monitor.retrain!.pipeline}`);
    for (const line of progress(undefined, shown)) io.out(line);
    while (ACTIVE_STATUSES.includes(shown.status)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const now = (await call(session.client, RETRAIN_LIST, { monitor: monitor.name })).triggers.find((t) => t.id === shown.id);
      if (!now) throw new Error(`retrain ${shown.id} is no longer listed by the runtime`);
      for (const line of progress(shown, now)) io.out(line);
      shown = now;
    }
    return shown.status === 'promoted' ? 0 : 1;
  } finally {
    await session.release();
  }
}
