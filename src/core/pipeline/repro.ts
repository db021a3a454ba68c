import { buildDag, selectStages } from './dag';
import type { Dag } from './dag';
import { loadPipeline } from './load';
import type { LockEntry } from './lock';
import { readLock } from './lock';
import { ParseCache } from './parse-cache';
import type { StageTools } from './run-stage';
import { restoreFromRunCache, runCacheable, saveToRunCache } from './run-cache';
import { StageFailed, runStage } from './run-stage';
import { rollBackOutputs } from './stage-rollback';
import type { HashPath, ParamsReader, StageStatus } from './status';
import { paramsReader, stageStatus } from './status';
import type { Stage } from './types';

export interface ReproOptions {
  targets?: readonly string[];
  /** Run the selected stages even when nothing changed. */
  force?: boolean;
  /** Say what would run, run nothing. */
  dry?: boolean;
  /** After a failure, go on with the stages that do not depend on it. */
  keepGoing?: boolean;
  /** The targets and what depends on them, instead of what they depend on. */
  downstream?: boolean;
  /** Only the targets themselves. */
  single?: boolean;
  /** Told each time a stage's state changes (not on --dry). */
  onStage?(id: string, state: StageEvent, reason?: string): void;
}

/** What happens to a stage during repro: `running` first unless it is skipped or blocked. */
export type StageEvent = 'running' | 'ran' | 'cached' | 'skipped' | 'failed' | 'blocked';

export interface ReproResult {
  ran: string[];
  skipped: string[];
  failed: { id: string; reason: string }[];
  /** Not run because a stage they depend on failed (or the run stopped). */
  blocked: string[];
}

type Outcome = 'ran' | 'skipped' | 'failed' | 'blocked';

/**
 * `dvc repro`: the selected stages in dependency order, each run only when DVC's rules say it
 * changed; stages whose upstream is done start at once, so independent stages run in parallel
 * (as many as the job runner's concurrency).
 */
export async function reproduce(tools: StageTools, options: ReproOptions = {}): Promise<ReproResult> {
  try {
    return await reproduceSelected(tools, options);
  } finally {
    ParseCache.of(tools.workspace).flush();
  }
}

async function reproduceSelected(tools: StageTools, options: ReproOptions): Promise<ReproResult> {
  const dag = buildDag(loadPipeline(tools.workspace).stages);
  const hash = memoHash(tools.hash);
  let params = paramsReader(tools.workspace);
  const selected = selectStages(dag, options.targets ?? [], { downstream: options.downstream, single: options.single });
  const locks = new Map<string, Map<string, LockEntry>>();
  const lockOf = (stage: Stage): LockEntry | undefined => {
    if (!locks.has(stage.file)) locks.set(stage.file, readLock(tools.workspace, stage.file));
    return locks.get(stage.file)!.get(stage.name);
  };
  for (const id of selected) lockOf(dag.stages.get(id)!); // a broken dvc.lock stops everything before anything runs
  const outcome = new Map<string, Outcome>();
  const result: ReproResult = { ran: [], skipped: [], failed: [], blocked: [] };
  const inSelection = new Set(selected);
  let stopped = false;
  const running = new Map<string, Promise<void>>();
  const ready = (id: string): boolean => [...dag.upstream.get(id)!].every((up) => !inSelection.has(up) || outcome.get(up) === 'ran' || outcome.get(up) === 'skipped');
  const blockedBy = (id: string): boolean => [...dag.upstream.get(id)!].some((up) => outcome.get(up) === 'failed' || outcome.get(up) === 'blocked');
  for (;;) {
    for (const id of selected) {
      if (outcome.has(id) || running.has(id)) continue;
      if (blockedBy(id) || stopped) {
        if (blockedBy(id) || running.size === 0) {
          outcome.set(id, 'blocked');
          options.onStage?.(id, 'blocked');
        }
        continue;
      }
      if (!ready(id)) continue;
      const task = runOne(dag, id, lockOf, { ...tools, statusHash: hash, statusParams: params }, options).then((o) => {
        if (o.outcome === 'ran') {
          hash.forget(dag.stages.get(id)!.outs.map((out) => out.key));
          params = paramsReader(tools.workspace); // a stage may write a params file
        }
        outcome.set(id, o.outcome);
        if (o.outcome === 'failed') {
          result.failed.push({ id, reason: o.reason! });
          if (!options.keepGoing) stopped = true;
        } else result[o.outcome === 'ran' ? 'ran' : 'skipped'].push(id);
        running.delete(id);
      });
      running.set(id, task);
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  result.blocked = selected.filter((id) => outcome.get(id) === 'blocked' || !outcome.has(id));
  for (const id of selected) if (!outcome.has(id)) options.onStage?.(id, 'blocked');
  return result;
}

async function runOne(dag: Dag, id: string, lockOf: (s: Stage) => LockEntry | undefined, tools: StageTools & { statusHash: HashPath; statusParams: ParamsReader }, options: ReproOptions): Promise<{ outcome: Outcome; reason?: string }> {
  const stage = dag.stages.get(id)!;
  let started = false;
  let touched = false;
  let release = (): void => undefined;
  try {
    const status = await stageStatus(tools.workspace, stage, lockOf(stage), tools.statusHash, tools.statusParams);
    if (status.state === 'frozen') {
      tools.log(`Stage '${id}' is frozen, skipping`);
      if (!options.dry) options.onStage?.(id, 'skipped', 'frozen');
      return { outcome: 'skipped' };
    }
    if (status.state === 'up-to-date' && !options.force) {
      tools.log(`Stage '${id}' didn't change, skipping`);
      if (!options.dry) options.onStage?.(id, 'skipped', "didn't change");
      return { outcome: 'skipped' };
    }
    if (options.dry) {
      tools.log(`Running stage '${id}' (${options.force && status.state === 'up-to-date' ? 'forced' : status.reasons.join('; ')}):`);
      for (const command of typeof stage.cmd === 'string' ? [stage.cmd] : stage.cmd) tools.log(`> ${command}`);
      return { outcome: 'ran' };
    }
    release = tools.outputLocks?.acquire(stage) ?? release;
    options.onStage?.(id, 'running', options.force && status.state === 'up-to-date' ? 'forced' : status.reasons.join('; '));
    touched = true;
    const { runCache } = tools;
    const cacheable = runCache !== undefined && runCacheable(stage);
    if (cacheable && !options.force && (await restoreFromRunCache(stage, { ...tools, runCache }))) {
      options.onStage?.(id, 'cached');
      return { outcome: 'ran' };
    }
    await tools.runs?.started(stage);
    started = true;
    const entry = await runStage(stage, tools);
    if (cacheable) await saveToRunCache(stage, entry, runCache).catch((error: Error) => tools.log(`WARNING: stage '${id}' not saved to the run-cache: ${error.message}`));
    await tools.runs?.finished(stage, { entry });
    options.onStage?.(id, 'ran');
    return { outcome: 'ran' };
  } catch (error) {
    const reason = error instanceof StageFailed ? error.message : `stage '${id}': ${(error as Error).message}`;
    if (touched) await rollBackOutputs(stage, lockOf(stage), tools);
    if (started) await tools.runs?.finished(stage, { error: reason });
    if (!options.dry) options.onStage?.(id, 'failed', reason);
    return { outcome: 'failed', reason };
  } finally {
    release();
  }
}

/** Every stage's status (`mlops status --pipeline`), in dependency order. */
export async function pipelineStatus(tools: Pick<StageTools, 'workspace' | 'hash'>): Promise<StageStatus[]> {
  try {
    const dag = buildDag(loadPipeline(tools.workspace).stages);
    const hash = memoHash(tools.hash);
    const params = paramsReader(tools.workspace);
    const locks = new Map<string, Map<string, LockEntry>>();
    const out: StageStatus[] = [];
    for (const id of dag.order) {
      const stage = dag.stages.get(id)!;
      if (!locks.has(stage.file)) locks.set(stage.file, readLock(tools.workspace, stage.file));
      out.push(await stageStatus(tools.workspace, stage, locks.get(stage.file)!.get(stage.name), hash, params));
    }
    return out;
  } finally {
    ParseCache.of(tools.workspace).flush();
  }
}

const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** Hashes each path once per pass (an output is also its downstream's dep); `forget` what a stage rewrote. */
function memoHash(hash: HashPath): HashPath & { forget(keys: readonly string[]): void } {
  const seen = new Map<string, ReturnType<HashPath>>();
  const memo = (rel: string): ReturnType<HashPath> => {
    let hashed = seen.get(rel);
    if (!hashed) seen.set(rel, (hashed = hash(rel)));
    return hashed;
  };
  return Object.assign(memo, {
    forget: (keys: readonly string[]) => {
      for (const rel of [...seen.keys()]) if (keys.some((k) => overlaps(k, rel))) seen.delete(rel);
    },
  });
}
