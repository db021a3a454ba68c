import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LockEntry } from './lock';
import type { StageTools } from './run-stage';
import type { Stage } from './types';

/**
 * After a stage failed or was stopped: puts each of its (non-persistent) outputs back as dvc.lock
 * last recorded it, from the cache; an output with no recorded version it can restore is removed,
 * so no partial output is left looking like a result. Outputs already as recorded are left alone.
 */
export async function rollBackOutputs(stage: Stage, recorded: LockEntry | undefined, tools: StageTools): Promise<void> {
  for (const out of stage.outs) {
    if (out.persist) continue;
    const before = recorded?.outs.find((o) => o.path === out.path);
    try {
      const now = await tools.hash(out.key).catch(() => undefined);
      if (before && now?.md5 === before.md5) continue;
      if (before?.md5 && tools.runCache && (await tools.runCache.holds(before.md5))) {
        rmSync(join(tools.workspace, ...out.key.split('/')), { recursive: true, force: true });
        await tools.runCache.restore(out.key, before.md5);
        tools.log(`Restored '${out.path}' of stage '${stage.id}' as dvc.lock records it.`);
      } else if (now) {
        rmSync(join(tools.workspace, ...out.key.split('/')), { recursive: true, force: true });
        tools.log(`Removed the partial output '${out.path}' of stage '${stage.id}'.`);
      }
    } catch (error) {
      tools.log(`WARNING: could not put back '${out.path}' of stage '${stage.id}': ${(error as Error).message}`);
    }
  }
}
