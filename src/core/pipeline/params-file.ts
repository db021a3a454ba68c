import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { invalid, notFound } from '../errors';
import { ParseCache } from './parse-cache';
import { parsePy } from './py-yaml';

let reads: Set<string> | undefined;

/** Runs `fn`, answering with the params files it read (or looked for) through `readParams`/`noteRead`. */
export function recordingReads<T>(fn: () => T): { value: T; files: string[] } {
  const outer = reads;
  reads = new Set();
  try {
    const value = fn();
    return { value, files: [...reads] };
  } finally {
    if (outer) for (const f of reads) outer.add(f);
    reads = outer;
  }
}

/** Tells a recording that `abs` was looked at (its existence decided something). */
export function noteRead(abs: string): void {
  reads?.add(abs);
}

/** `readParamsFile`, answered from the parse cache while the file is unchanged. */
export function readParams(workspace: string, abs: string, rel: string): Record<string, unknown> {
  noteRead(abs);
  return ParseCache.of(workspace).through(`params:${abs}`, () => ({ value: readParamsFile(abs, rel), files: [abs] }));
}

/** The contents of a params or vars file (YAML or JSON, as DVC reads them). */
export function readParamsFile(abs: string, rel: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw notFound(`${rel} does not exist.`);
  }
  const ext = extname(abs).toLowerCase();
  if (ext === '.toml' || ext === '.py') throw invalid(`${rel}: ${ext} params files are not supported yet; use YAML or JSON.`);
  let data: unknown;
  if (ext === '.json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw invalid(`${rel}: ${(error as Error).message}`);
    }
  } else {
    try {
      data = parsePy(text);
    } catch (error) {
      const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      throw invalid(`${rel}${line ? `:${line}` : ''}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid(`${rel}: the top level must be a mapping of names to values.`);
  return data as Record<string, unknown>;
}

/** The value of a dotted key (`train.lr`) in a params file; undefined when it is not there. */
export function paramValue(data: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(data, key)) return data[key];
  let value: unknown = data;
  for (const part of key.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, part)) value = (value as Record<string, unknown>)[part];
    else return undefined;
  }
  return value;
}
