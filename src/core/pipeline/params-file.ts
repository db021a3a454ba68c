import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { invalid, notFound } from '../errors';
import { parsePy } from './py-yaml';

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
