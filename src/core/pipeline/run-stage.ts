import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRunner } from '../jobs';
import type { OutputStream } from '../jobs';
import type { LockEntry, LockItem } from './lock';
import { writeLockEntries } from './lock';
import type { HashPath } from './status';
import { currentParams, lockItem } from './status';
import type { StageRunHooks } from './stage-runs';
import type { Stage } from './types';

/** What running a stage needs from the rest of the system. */
export interface StageTools {
  workspace: string;
  jobs: JobRunner;
  /** Hashes without storing (deps, `cache: false` outputs). */
  hash: HashPath;
  /** Versions an output of `stage` into the cache and answers its hash. */
  commit(rel: string, stage: Stage): Promise<{ md5: string; size: number; nfiles: number }>;
  log(line: string): void;
  /** Stages whose exact inputs ran before get their outputs from here instead of running. */
  runCache?: RunCache;
  /** Told of each stage that executes, to track it as a run. */
  runs?: StageRunHooks;
  output?(stream: OutputStream, text: string): void;
  /** Locks a stage's outputs while it runs, against other processes; answers the release. */
  outputLocks?: { acquire(stage: Stage): () => void };
}

/** DVC's run-cache: a stage's exact inputs that ran before → the outputs they made. */
export interface RunCache {
  outsOf(key: string): LockItem[] | undefined;
  save(key: string, stage: Stage, outs: readonly LockItem[]): Promise<void>;
  holds(md5: string): Promise<boolean>;
  restore(rel: string, md5: string): Promise<void>;
}

export class StageFailed extends Error {}

/**
 * Runs a stage's commands one after another in its wdir (non-persistent outputs removed first),
 * then versions its outputs and records it in dvc.lock. A failure leaves dvc.lock as it was.
 */
export async function runStage(stage: Stage, tools: StageTools): Promise<LockEntry> {
  const { workspace } = tools;
  for (const dep of stage.deps) {
    if (!(await tools.hash(dep.key))) throw new StageFailed(`dependency '${dep.path}' of stage '${stage.id}' (${stage.file}:${dep.line}) does not exist and no stage writes it.`);
  }
  for (const out of stage.outs) if (!out.persist) rmSync(join(workspace, ...out.key.split('/')), { recursive: true, force: true });
  tools.log(`Running stage '${stage.id}':`);
  for (const command of typeof stage.cmd === 'string' ? [stage.cmd] : stage.cmd) {
    tools.log(`> ${command}`);
    const job = tools.jobs.submit({ kind: 'stage', command, cwd: join(workspace, ...stage.wdir.split('/').filter(Boolean)), label: `stage ${stage.id}: ${command}` }, { onChunk: (stream, text) => tools.output?.(stream, text) });
    const done = await job.done;
    if (done.state !== 'SUCCEEDED') throw new StageFailed(`failed to reproduce '${stage.id}': ${done.reason ?? `command '${command}' exited with code ${done.exitCode}`}`);
  }
  return recordStage(stage, tools);
}

/** Hashes deps, versions outs, reads params, and writes the stage's dvc.lock entry. */
export async function recordStage(stage: Stage, tools: StageTools): Promise<LockEntry> {
  const deps: LockItem[] = [];
  for (const dep of stage.deps) {
    const hashed = await tools.hash(dep.key);
    if (!hashed) throw new StageFailed(`dependency '${dep.path}' of stage '${stage.id}' vanished while it ran.`);
    deps.push(lockItem(dep.path, hashed));
  }
  const outs: LockItem[] = [];
  for (const out of stage.outs) {
    const hashed = out.cache ? await tools.commit(out.key, stage).catch(() => undefined) : await tools.hash(out.key);
    if (!hashed) throw new StageFailed(`output '${out.path}' of stage '${stage.id}' (${stage.file}:${out.line}) was not created by its command.`);
    outs.push(lockItem(out.path, hashed));
  }
  const entry: LockEntry = { cmd: stage.cmd, deps, params: currentParams(tools.workspace, stage), outs };
  writeLockEntries(tools.workspace, stage.file, [{ stage, entry }]);
  tools.log(`Updating lock file '${stage.file.replace(/dvc\.yaml$/, 'dvc.lock')}'`);
  return entry;
}
