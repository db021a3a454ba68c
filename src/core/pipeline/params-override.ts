import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import { invalid } from '../errors';

/** One `-S [file:]key=value` of `exp run`: the file defaults to params.yaml, the value is read as YAML. */
export interface ParamOverride {
  file: string;
  key: string;
  value: unknown;
  /** The value as given. */
  text: string;
}

export function parseOverride(spec: string): ParamOverride {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw invalid(`-S takes [file:]key=value, got "${spec}".`);
  const target = spec.slice(0, eq);
  const text = spec.slice(eq + 1);
  const colon = target.lastIndexOf(':');
  const file = colon > 0 ? target.slice(0, colon) : 'params.yaml';
  const key = colon > 0 ? target.slice(colon + 1) : target;
  if (!key) throw invalid(`-S "${spec}" names no key.`);
  let value: unknown;
  try {
    value = text === '' ? '' : parse(text);
  } catch {
    value = text;
  }
  return { file, key, value, text };
}

/**
 * Writes the overrides into their params files (YAML keeps its comments and layout) and answers
 * `restore`, which puts every file back byte for byte. A key whose parent is not a mapping, or a
 * file that does not exist, is refused before any file changes.
 */
export function applyOverrides(workspace: string, overrides: readonly ParamOverride[]): { restore(): void } {
  const byFile = new Map<string, ParamOverride[]>();
  for (const o of overrides) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
  const originals = new Map<string, Buffer>();
  const updated = new Map<string, string>();
  for (const [file, list] of byFile) {
    const abs = join(workspace, ...file.split('/'));
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch {
      throw invalid(`-S ${file}:…: ${file} does not exist.`);
    }
    originals.set(abs, bytes);
    updated.set(abs, extname(file).toLowerCase() === '.json' ? overrideJson(file, bytes.toString('utf8'), list) : overrideYaml(file, bytes.toString('utf8'), list));
  }
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    for (const [abs, bytes] of originals) writeFileSync(abs, bytes);
  };
  try {
    for (const [abs, text] of updated) writeFileSync(abs, text);
  } catch (error) {
    restore();
    throw error;
  }
  return { restore };
}

function keyPath(data: unknown, key: string): (string | number)[] {
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, key)) return [key];
  return key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function overrideYaml(file: string, text: string, list: readonly ParamOverride[]): string {
  const doc = parseDocument(text);
  if (doc.errors[0]) throw invalid(`${file}: ${doc.errors[0].message.split('\n')[0]}`);
  for (const o of list) {
    const path = keyPath(doc.toJS(), o.key);
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (parent !== undefined && parent !== null && !isMap(parent) && !isSeq(parent)) throw invalid(`-S ${file}:${o.key}: ${path.slice(0, -1).join('.')} is not a mapping.`);
    const current = doc.getIn(path, true);
    if (isScalar(current) && (o.value === null || typeof o.value !== 'object')) {
      // In place, so a comment after the value stays; the old value's number format must not carry over.
      current.value = o.value;
      delete current.format;
      delete current.minFractionDigits;
      delete current.type;
    } else doc.setIn(path, doc.createNode(o.value));
  }
  return doc.toString();
}

function overrideJson(file: string, text: string, list: readonly ParamOverride[]): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(`${file}: ${(error as Error).message}`);
  }
  for (const o of list) {
    const path = keyPath(data, o.key);
    let node = data as Record<string | number, unknown>;
    for (const part of path.slice(0, -1)) {
      node[part] ??= {};
      const next = node[part];
      if (next === null || typeof next !== 'object') throw invalid(`-S ${file}:${o.key}: ${String(part)} is not a mapping.`);
      node = next as Record<string | number, unknown>;
    }
    node[path.at(-1)!] = o.value;
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}
