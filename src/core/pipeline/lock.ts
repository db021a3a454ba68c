import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalid } from '../errors';
import { withFileLock } from './file-lock';
import { fastStageSnippet } from './lock-dump-fast';
import { ParseCache, stampOf } from './parse-cache';
import { PyFloat, dumpPy, parsePy } from './py-yaml';
import type { Stage } from './types';
import { YamlSource } from './yaml-source';

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
  const fail = (path: (string | number)[], message: string) => brokenLock(workspace, dvcYaml, ['stages', ...path], message);
  for (const [name, raw] of Object.entries(doc.stages ?? {})) {
    const entry = raw as Partial<Record<keyof LockEntry, unknown>> | null;
    const cmd = entry?.cmd;
    if (typeof cmd !== 'string' && !(Array.isArray(cmd) && cmd.every((c) => typeof c === 'string'))) throw fail([name, 'cmd'], `stage '${name}' has no valid \`cmd\`; was the file edited by hand? Fix it or delete the stage's entry.`);
    const params = entry?.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params) || Object.values(params).some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
      throw fail([name, 'params'], `stage '${name}': \`params\` must map params files to their keys and values.`);
    }
    entries.set(name, { cmd, deps: items(entry?.deps, name, 'deps', fail), params: params as LockEntry['params'], outs: items(entry?.outs, name, 'outs', fail) });
  }
  return entries;
}

/** The parsed dvc.lock ({} when there is none), from the parse cache while the file is unchanged. */
function readDoc(workspace: string, dvcYaml: string): Doc {
  const abs = lockPathOf(workspace, dvcYaml);
  return ParseCache.of(workspace).through(`dvc.lock:${abs}`, () => ({ value: parseDoc(workspace, dvcYaml, abs), files: [abs] }));
}

function parseDoc(workspace: string, dvcYaml: string, abs: string): Doc {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let doc: unknown;
  try {
    doc = parsePy(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw invalid(`${relLock(dvcYaml)}${line ? `:${line}` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw invalid(`${relLock(dvcYaml)}:1: the top level must be a mapping (schema, stages).`);
  const stages = (doc as Doc).stages;
  if (stages !== undefined && (typeof stages !== 'object' || stages === null || Array.isArray(stages))) throw brokenLock(workspace, dvcYaml, ['stages'], '`stages:` must be a mapping.');
  return doc as Doc;
}

/** An error naming the line of `path` in the dvc.lock (read again: errors are rare, lines are not kept). */
function brokenLock(workspace: string, dvcYaml: string, path: (string | number)[], message: string): Error {
  let line = '';
  try {
    line = `:${YamlSource.parse(readFileSync(lockPathOf(workspace, dvcYaml), 'utf8'), relLock(dvcYaml)).lineOf(path)}`;
  } catch {
    // the line is a nicety
  }
  return invalid(`${relLock(dvcYaml)}${line}: ${message}`);
}

type Fail = (path: (string | number)[], message: string) => Error;

function items(list: unknown, stage: string, kind: 'deps' | 'outs', fail: Fail): LockItem[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw fail([stage, kind], `stage '${stage}': \`${kind}\` must be a list.`);
  return list.map((raw, i) => {
    const item = raw as Record<string, unknown>;
    if (typeof item?.path !== 'string') throw fail([stage, kind, i], `stage '${stage}': an entry of \`${kind}\` has no path.`);
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

const snippets = new Map<string, string>();
const snippetKey = (name: string, data: unknown): string => JSON.stringify([name, data], (_, v: unknown) => (v instanceof PyFloat ? { pyFloat: v.value } : v));

/**
 * `dumpPy(doc)`, byte for byte, made of one dumped text per stage, remembered: a write after each
 * stage dumps only that stage's entry, not the whole file again.
 */
export function dumpLock(doc: Doc): string {
  const stages = Object.entries(doc.stages ?? {});
  if (Object.keys(doc).join() !== 'schema,stages' || typeof doc.schema !== 'string' || stages.length === 0) return dumpPy(doc);
  if (snippets.size > 10_000) snippets.clear();
  const head = `schema:${doc.schema}`;
  if (!snippets.has(head)) snippets.set(head, dumpPy({ schema: doc.schema }));
  let text = `${snippets.get(head)!}stages:\n`;
  for (const [name, data] of stages) {
    const key = snippetKey(name, data);
    let snippet = snippets.get(key);
    if (snippet === undefined) snippets.set(key, (snippet = fastStageSnippet(name, data as Record<string, unknown>) ?? dumpPy({ stages: { [name]: data } }).slice('stages:\n'.length)));
    text += snippet;
  }
  return text;
}

/**
 * Records stages in their dvc.lock as DVC's Lockfile.dump_stages does (a stage keeps its place, a new
 * one goes last). Under a lock file, the dvc.lock is read again (keeping what another process wrote
 * meanwhile), then written to a temporary file and renamed over, so a reader never sees half a file.
 */
export function writeLockEntries(workspace: string, dvcYaml: string, updates: readonly { stage: Stage; entry: LockEntry }[]): void {
  const abs = lockPathOf(workspace, dvcYaml);
  withFileLock(`${abs}.mlops-lock`, relLock(dvcYaml), () => {
    const doc = readDoc(workspace, dvcYaml);
    const next: Doc = Object.keys(doc).length === 0 ? { schema: '2.0' } : { ...doc };
    const stages = { ...(next.stages ?? {}) };
    for (const { stage, entry } of updates) stages[stage.name] = lockEntryData(stage, entry);
    next.stages = stages;
    const temp = `${abs}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, dumpLock(next));
      renameSync(temp, abs);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    ParseCache.of(workspace).set(`dvc.lock:${abs}`, next, { [abs]: stampOf(abs) }, true);
  });
}
