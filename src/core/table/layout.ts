import { invalid } from '../errors';
import type { ParserLayout } from './delimited-parser';
import type { ReadColumnsOptions } from './types';

export const DEFAULT_CHUNK_ROWS = 65_536;

/** Column names from a header record; a blank name becomes `column_<n>` (as table-rows names them). */
export function namesOf(header: readonly string[]): string[] {
  return header.map((cell, i) => cell.trim() || `column_${i + 1}`);
}

/**
 * Which source columns a read returns, in which order, of which kind: the requested ones (an
 * unknown name is an error naming the file's columns), else every column in first-seen order; a
 * repeated name is its last column, as a record keyed by name would hold it.
 */
export function layoutOf(file: string, names: readonly string[], options: ReadColumnsOptions): ParserLayout {
  const last = new Map<string, number>();
  names.forEach((name, i) => last.set(name, i));
  const selected = options.columns ? [...new Set(options.columns)] : [...last.keys()];
  const unknown = selected.filter((name) => !last.has(name));
  if (unknown.length > 0) {
    throw invalid(`${file} has no column ${unknown.map((name) => JSON.stringify(name)).join(', ')} (columns: ${[...last.keys()].join(', ')}).`);
  }
  return { sources: selected.map((name) => last.get(name)!), names: selected, kinds: selected.map((name) => options.kinds?.[name]) };
}

export function chunkRowsOf(options: ReadColumnsOptions): number {
  const rows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(rows) || rows < 1) throw invalid(`chunkRows must be a positive integer, got ${rows}.`);
  return rows;
}
