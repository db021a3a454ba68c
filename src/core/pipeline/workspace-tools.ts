import type { DatasetRepository } from '../data';
import type { JobRunner, OutputStream } from '../jobs';
import type { SqlDriver } from '../store';
import { OutputLocks } from './output-locks';
import { StoreRunCache } from './run-cache';
import type { StageTools } from './run-stage';

/**
 * StageTools on a workspace's data versioning and store: outputs versioned without `.dvc` pointers
 * (each version credited to the stage's run when stages are tracked), the run-cache in the store.
 */
export function workspaceStageTools(o: { repo: DatasetRepository; db: SqlDriver; jobs: JobRunner; log(line: string): void; output?(stream: OutputStream, text: string): void }): StageTools {
  const tools: StageTools = {
    workspace: o.repo.workspace,
    jobs: o.jobs,
    hash: (rel) => o.repo.hash(rel),
    commit: async (rel, stage) => {
      const runId = tools.runs ? ((await tools.runs.runIdOf(stage)) ?? null) : undefined;
      const { version } = await o.repo.add(rel, { stageOutput: true, ...(runId !== undefined && { runId }) });
      return { md5: version.md5, size: version.size, nfiles: version.nfiles ?? 1 };
    },
    runCache: new StoreRunCache(o.db, o.repo),
    outputLocks: new OutputLocks(o.repo.workspace),
    log: o.log,
    ...(o.output && { output: o.output }),
  };
  return tools;
}
