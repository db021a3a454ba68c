import { readFileSync } from 'node:fs';
import { invalid } from '../../errors';
import type { Path, Raw, Report } from '../../workspace';
import { ConfigDocument, isMapping, parseFlag, unknownKeys } from '../../workspace';
import type { Category, ColumnExpectation, TableExpectations } from './types';
import { COLUMN_KINDS } from './types';

export const EXPECTATION_KEYS: readonly string[] = ['rows', 'columns', 'extra_columns'];
export const COLUMN_KEYS: readonly string[] = ['type', 'required', 'max_missing', 'min', 'max', 'unique', 'allowed'];
const ROWS_KEYS: readonly string[] = ['min', 'max'];

const SHAPE = 'an expectations file is a mapping: rows: {min, max}, columns: {NAME: {type, required, max_missing, min, max, unique, allowed}}, extra_columns: true|false';

/** Reads an expectations file; every problem in it, with its line, in one error. */
export function loadExpectations(path: string, label = path): TableExpectations {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`cannot read the expectations file ${label}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseExpectations(text, label);
}

export function parseExpectations(text: string, label = 'expectations.yaml'): TableExpectations {
  const doc = ConfigDocument.parse(text, label);
  const report: Report = (path, message, target) => doc.report(path, message, target);
  const spec = doc.readable ? readSpec(doc.root, report) : undefined;
  if (doc.errors.length > 0 || !spec) throw invalid(doc.errors.length > 0 ? doc.errors.join('\n') : `${label}:1: ${SHAPE}`);
  return spec;
}

function readSpec(root: unknown, report: Report): TableExpectations | undefined {
  if (!isMapping(root)) {
    report([], SHAPE);
    return undefined;
  }
  unknownKeys(root, EXPECTATION_KEYS, [], 'expectations', report);
  const spec: TableExpectations = { columns: [], extraColumns: parseFlag(root.extra_columns, true, ['extra_columns'], 'extra_columns', report) };
  if (root.rows !== undefined && root.rows !== null) {
    const rows = bounds(root.rows, ['rows'], 'rows', report, true);
    if (rows) spec.rows = rows;
  }
  if (root.columns === undefined || root.columns === null) {
    if (!spec.rows) report([], 'the file expects nothing: give columns: {NAME: {…}} and/or rows: {min, max}');
    return spec;
  }
  if (!isMapping(root.columns)) {
    report(['columns'], 'columns must map each column name to its expectations, e.g. columns: {age: {type: integer, min: 0}}');
    return spec;
  }
  for (const [name, raw] of Object.entries(root.columns)) {
    const column = readColumn(name, raw ?? {}, ['columns', name], report);
    if (column) spec.columns.push(column);
  }
  return spec;
}

function readColumn(name: string, raw: unknown, path: Path, report: Report): ColumnExpectation | undefined {
  if (!isMapping(raw)) {
    report(path, `column ${name}: its expectations must be a mapping (${COLUMN_KEYS.join(', ')})`);
    return undefined;
  }
  const at = (key: string): Path => [...path, key];
  unknownKeys(raw, COLUMN_KEYS, path, `column ${name}`, report);
  const column: ColumnExpectation = { name, required: parseFlag(raw.required, true, at('required'), `${name}.required`, report) };
  if (raw.type !== undefined && raw.type !== null) {
    if (typeof raw.type === 'string' && (COLUMN_KINDS as readonly string[]).includes(raw.type)) column.type = raw.type as ColumnExpectation['type'];
    else report(at('type'), `${name}.type must be one of ${COLUMN_KINDS.join(', ')}`);
  }
  if (raw.max_missing !== undefined && raw.max_missing !== null) {
    if (typeof raw.max_missing === 'number' && raw.max_missing >= 0 && raw.max_missing <= 1) column.maxMissing = raw.max_missing;
    else report(at('max_missing'), `${name}.max_missing must be a share from 0 to 1 (0.05 = at most 5% of rows without a value)`);
  }
  const range = bounds(raw, path, name, report, false);
  if (range?.min !== undefined) column.min = range.min;
  if (range?.max !== undefined) column.max = range.max;
  const unique = parseFlag(raw.unique, false, at('unique'), `${name}.unique`, report);
  if (unique) column.unique = true;
  if (raw.allowed !== undefined && raw.allowed !== null) {
    const allowed = raw.allowed;
    if (Array.isArray(allowed) && allowed.length > 0 && allowed.every(isCategory)) column.allowed = allowed;
    else report(at('allowed'), `${name}.allowed must be a list of the values allowed, e.g. [red, green, blue]`);
  }
  return column;
}

/** min and max of a mapping (numbers, min ≤ max); `integers` for row counts. */
function bounds(raw: unknown, path: Path, name: string, report: Report, integers: boolean): { min?: number; max?: number } | undefined {
  if (!isMapping(raw)) {
    report(path, `${name} must be a mapping: min, max`);
    return undefined;
  }
  if (integers) unknownKeys(raw, ROWS_KEYS, path, name, report);
  const read = (key: 'min' | 'max'): number | undefined => {
    const value = (raw as Raw)[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && (!integers || (Number.isInteger(value) && value >= 0))) return value;
    report([...path, key], `${name}.${key} must be ${integers ? 'a whole number ≥ 0' : 'a number'}`);
    return undefined;
  };
  const result = { min: read('min'), max: read('max') };
  if (result.min !== undefined && result.max !== undefined && result.min > result.max) {
    report([...path, 'max'], `${name}.max (${result.max}) is below ${name}.min (${result.min}): no value could pass`);
    return undefined;
  }
  if (integers && result.min === undefined && result.max === undefined) report(path, `${name} needs min and/or max`);
  return { ...(result.min !== undefined && { min: result.min }), ...(result.max !== undefined && { max: result.max }) };
}

function isCategory(value: unknown): value is Category {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
