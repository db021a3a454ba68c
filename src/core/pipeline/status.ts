import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invalid } from '../errors';
import type { LockEntry, LockItem } from './lock';
import { paramValue, readParams } from './params-file';
import { sameValue } from './py-yaml';
import type { Stage } from './types';

/** What a stage's files hash to now: DVC's md5 (`….dir` for a folder), size, nfiles; undefined when absent. */
export type HashPath = (rel: string) => Promise<{ md5: string; size: number; nfiles: number } | undefined>;

export type StageState = 'up-to-date' | 'changed' | 'frozen';

export interface StageStatus {
  id: string;
  state: StageState;
  /** Why it is changed, as DVC says it: "never run", "command changed", "dependency 'x' modified", … */
  reasons: string[];
}

/** A file or folder as a lock item (`hash: md5`, md5, size, nfiles for a folder). */
export function lockItem(path: string, hashed: { md5: string; size: number; nfiles: number }): LockItem {
  return { path, md5: hashed.md5, size: hashed.size, ...(hashed.md5.endsWith('.dir') && { nfiles: hashed.nfiles }), hashMd5: true };
}

/** Reads a params file (undefined when there is none); one made by `paramsReader` reads each file once. */
export type ParamsReader = (abs: string, rel: string) => Record<string, unknown> | undefined;

/** A ParamsReader for one pass over the stages: each params file is read (or answered from the parse cache) once. */
export function paramsReader(workspace: string): ParamsReader {
  const seen = new Map<string, Record<string, unknown> | undefined>();
  return (abs, rel) => {
    if (!seen.has(abs)) seen.set(abs, existsSync(abs) ? readParams(workspace, abs, rel) : undefined);
    return seen.get(abs);
  };
}

/**
 * The params a stage uses, as dvc.lock records them: file (as written) → key → value. A missing key
 * or file is an error naming the stage and the line that lists it.
 */
export function currentParams(workspace: string, stage: Stage, read: ParamsReader = paramsReader(workspace)): LockEntry['params'] {
  const out: LockEntry['params'] = {};
  for (const spec of stage.params) {
    const abs = join(workspace, ...spec.key.split('/'));
    const data = read(abs, spec.key);
    if (!data) throw invalid(`${stage.file}:${spec.line}: stage '${stage.name}' uses params of ${spec.key}, which does not exist.`);
    if (spec.keys === undefined) {
      out[spec.path] = data;
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const key of spec.keys) {
      const value = paramValue(data, key);
      if (value === undefined) throw invalid(`${stage.file}:${spec.line}: stage '${stage.name}' uses param '${key}', which ${spec.key} does not define.`);
      values[key] = value;
    }
    out[spec.path] = values;
  }
  return out;
}

/** Whether `stage` must run, by DVC's rules, and why. */
export async function stageStatus(workspace: string, stage: Stage, lock: LockEntry | undefined, hash: HashPath, read?: ParamsReader): Promise<StageStatus> {
  const result = (state: StageState, reasons: string[]): StageStatus => ({ id: stage.id, state, reasons });
  if (stage.frozen) return result('frozen', ['frozen']);
  const params = currentParams(workspace, stage, read);
  if (!lock) return result('changed', ['never run (not in dvc.lock)']);
  const reasons: string[] = [];
  if (stage.alwaysChanged) reasons.push('always changed');
  if (!sameValue(typeof lock.cmd === 'string' ? lock.cmd : [...lock.cmd], stage.cmd)) reasons.push('command changed');
  reasons.push(...(await compareItems('dependency', stage.deps, lock.deps, stage, hash)));
  for (const [file, values] of Object.entries(params)) {
    const recorded = lock.params[file];
    if (!recorded) {
      reasons.push(`params of ${file} added`);
      continue;
    }
    for (const key of new Set([...Object.keys(values), ...Object.keys(recorded)])) {
      if (!(key in recorded)) reasons.push(`param '${key}' added`);
      else if (!(key in values)) reasons.push(`param '${key}' removed`);
      else if (!sameValue(values[key], recorded[key])) reasons.push(`param '${key}' changed`);
    }
  }
  for (const file of Object.keys(lock.params)) if (!(file in params)) reasons.push(`params of ${file} removed`);
  reasons.push(...(await compareItems('output', stage.outs, lock.outs, stage, hash)));
  return result(reasons.length ? 'changed' : 'up-to-date', reasons);
}

async function compareItems(what: string, declared: readonly { path: string; key: string }[], recorded: readonly LockItem[], stage: Stage, hash: HashPath): Promise<string[]> {
  const reasons: string[] = [];
  const locked = new Map(recorded.map((item) => [item.path, item]));
  for (const item of declared) {
    const before = locked.get(item.path);
    locked.delete(item.path);
    if (!before) {
      reasons.push(`${what} '${item.path}' added`);
      continue;
    }
    const now = await hash(item.key);
    if (!now) reasons.push(`${what} '${item.path}' deleted`);
    else if (now.md5 !== before.md5) reasons.push(`${what} '${item.path}' modified`);
  }
  for (const path of locked.keys()) reasons.push(`${what} '${path}' removed from ${stage.file}`);
  return reasons;
}
