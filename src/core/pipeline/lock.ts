import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalid } from '../errors';
import { dumpPy, parsePy } from './py-yaml';
import type { Stage } from './types';

/** A dep or out as dvc.lock records it. */
export interface LockItem {
  path: string;
  md5: string;
  size?: number;
  nfiles?: number;
  /** False for DVC 2 entries (no `hash: md5`). */
  hashMd5: boolean;
}

export interface LockEntry {
  cmd: string | string[];
  deps: LockItem[];
  /** File (as written in dvc.yaml) → key → value. */
  params: Record<string, Record<string, unknown>>;
  outs: LockItem[];
}

type Doc = Record<string, unknown> & { stages?: Record<string, unknown> };

export const lockPathOf = (workspace: string, dvcYaml: string): string => join(workspace, ...dvcYaml.split('/').slice(0, -1), 'dvc.lock');
const relLock = (dvcYaml: string): string => dvcYaml.replace(/dvc\.yaml$/, 'dvc.lock');

/** The stages a dvc.lock records; a file DVC could not read is an error naming its line. */
export function readLock(workspace: string, dvcYaml: string): Map<string, LockEntry> {
  const doc = readDoc(workspace, dvcYaml);
  const entries = new Map<string, LockEntry>();
  for (const [name, raw] of Object.entries(doc.stages ?? {})) {
    const entry = raw as Partial<Record<keyof LockEntry, unknown>> | null;
    const cmd = entry?.cmd;
    if (typeof cmd !== 'string' && !(Array.isArray(cmd) && cmd.every((c) => typeof c === 'string'))) throw invalid(`${relLock(dvcYaml)}: stage '${name}' has no valid \`cmd\`; the file was edited by hand? Fix it or delete the stage's entry.`);
    entries.set(name, { cmd, deps: items(entry?.deps, name, dvcYaml), params: (entry?.params ?? {}) as LockEntry['params'], outs: items(entry?.outs, name, dvcYaml) });
  }
  return entries;
}

function readDoc(workspace: string, dvcYaml: string): Doc {
  const abs = lockPathOf(workspace, dvcYaml);
  if (!existsSync(abs)) return {};
  let doc: unknown;
  try {
    doc = parsePy(readFileSync(abs, 'utf8'));
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw invalid(`${relLock(dvcYaml)}${line ? `:${line}` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw invalid(`${relLock(dvcYaml)}: the top level must be a mapping (schema, stages).`);
  const stages = (doc as Doc).stages;
  if (stages !== undefined && (typeof stages !== 'object' || stages === null || Array.isArray(stages))) throw invalid(`${relLock(dvcYaml)}: \`stages:\` must be a mapping.`);
  return doc as Doc;
}

function items(list: unknown, stage: string, dvcYaml: string): LockItem[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw invalid(`${relLock(dvcYaml)}: stage '${stage}': deps and outs must be lists.`);
  return list.map((raw) => {
    const item = raw as Record<string, unknown>;
    if (typeof item?.path !== 'string') throw invalid(`${relLock(dvcYaml)}: stage '${stage}': an entry has no path.`);
    return {
      path: item.path,
      md5: typeof item.md5 === 'string' ? item.md5 : '',
      ...(typeof item.size === 'number' && { size: item.size }),
      ...(typeof item.nfiles === 'number' && { nfiles: item.nfiles }),
      hashMd5: item.hash === 'md5',
    };
  });
}

/** A stage's lock entry in DVC's order (serialize.to_single_stage_lockfile): cmd, deps, params, outs; each list by path. */
export function lockEntryData(stage: Stage, entry: LockEntry): Record<string, unknown> {
  const data: Record<string, unknown> = { cmd: stage.cmd };
  const item = (i: LockItem) => ({ path: i.path, ...(i.hashMd5 && { hash: 'md5' }), md5: i.md5, ...(i.size !== undefined && { size: i.size }), ...(i.nfiles !== undefined && { nfiles: i.nfiles }) });
  const byPath = (a: LockItem, b: LockItem) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  if (entry.deps.length) data.deps = [...entry.deps].sort(byPath).map(item);
  const files = Object.keys(entry.params).sort((a, b) => (a === 'params.yaml' ? -1 : b === 'params.yaml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (files.length) data.params = Object.fromEntries(files.map((f) => [f, Object.fromEntries(Object.keys(entry.params[f]!).sort().map((k) => [k, entry.params[f]![k]]))]));
  if (entry.outs.length) data.outs = [...entry.outs].sort(byPath).map(item);
  return data;
}

/**
 * Records stages in their dvc.lock as DVC's Lockfile.dump_stages does (a stage keeps its place, a new
 * one goes last), written to a temporary file and renamed over, so a reader never sees half a file.
 */
export function writeLockEntries(workspace: string, dvcYaml: string, updates: readonly { stage: Stage; entry: LockEntry }[]): void {
  const doc = readDoc(workspace, dvcYaml);
  const next: Doc = Object.keys(doc).length === 0 ? { schema: '2.0' } : { ...doc };
  const stages = { ...(next.stages ?? {}) };
  for (const { stage, entry } of updates) stages[stage.name] = lockEntryData(stage, entry);
  next.stages = stages;
  const abs = lockPathOf(workspace, dvcYaml);
  const temp = `${abs}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, dumpPy(next));
    renameSync(temp, abs);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
