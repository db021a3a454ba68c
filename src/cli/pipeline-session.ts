import { join } from 'node:path';
import { DatasetRepository } from '../core/data';
import { JobRunner } from '../core/jobs';
import { StageRunTracker, trackingRunWriter, workspaceStageTools } from '../core/pipeline';
import type { RunWriter, StageTools } from '../core/pipeline';
import { Store } from '../core/store';
import { Tracking } from '../core/tracking';
import type { WorkspacePaths } from '../core/workspace';
import { loadConfig } from '../core/workspace';
import type { CliIo } from './io';
import { restRunWriter } from './rest-run-writer';
import { connectRuntime } from './workspace';

export interface PipelineSession {
  tools: StageTools;
  jobs: JobRunner;
  store: Store;
  repo: DatasetRepository;
  close(): void;
}

/** The store, the data versioning and a job runner for `workers` stages at once; `close` ends them. */
export function openPipelineSession(paths: WorkspacePaths, io: CliIo, workers: number): PipelineSession {
  const store = Store.open(paths.db);
  const repo = new DatasetRepository(store.db, paths.root, undefined, loadConfig(paths.config).config.data.link);
  const jobs = new JobRunner({ store, concurrency: workers, logsDir: join(paths.logs, 'stages') });
  const tools = workspaceStageTools({
    repo,
    db: store.db,
    jobs,
    log: (line) => io.out(line),
    output: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
  });
  return { tools, jobs, store, repo, close: () => store.close() };
}

/** Where runs go: the workspace's runtime when it is up, else the store this session opened. */
export async function runWriterFor(paths: WorkspacePaths, session: PipelineSession): Promise<RunWriter> {
  const client = await connectRuntime(paths);
  return client ? restRunWriter(client) : trackingRunWriter(new Tracking(session.store, Tracking.artifactRoot(paths.mlopsDir)));
}

/** Tracks the session's executed stages as runs under `parentRunId`, or under a pipeline run made when the first stage starts. */
export function trackStages(paths: WorkspacePaths, session: PipelineSession, writer: RunWriter, io: CliIo, options: { experiment: string; parentRunId?: string; pipelineRunName?: string }): StageRunTracker {
  const tracker = new StageRunTracker({
    writer,
    workspace: paths.root,
    ...options,
    versionOf: (rel, md5) => session.repo.versionWithMd5(rel, md5)?.version,
    warn: (line) => io.err(line),
  });
  session.tools.runs = tracker;
  return tracker;
}
