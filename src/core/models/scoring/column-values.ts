import type { CategoryColumn, Column, NumberColumn } from '../../table';

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INFINITE = /^[-+]?inf(inity)?$/i;
const MISSING = /^(na|nan|null|none)$/i;

export type CellValue = string | number | boolean | null;

/**
 * A category's text as the row reader types a CSV cell: empty and NA-like text is null, numbers and
 * true/false are parsed, the rest stays the text it is.
 */
export function valueOfText(text: string): CellValue {
  const t = text.trim();
  if (t === '' || MISSING.test(t)) return null;
  if (DECIMAL.test(t)) return Number(t);
  if (INFINITE.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  return text;
}

/** Each dictionary entry of a category column as a value, converted once per entry and kept. */
export class CategoryValues {
  private readonly values: CellValue[] = [];

  of(column: CategoryColumn, code: number): CellValue {
    if (code < 0) return null;
    if (code >= this.values.length) for (let c = this.values.length; c < column.dictionary.length; c++) this.values.push(valueOfText(column.dictionary[c]!));
    return this.values[code]!;
  }
}

/** Cell `row` of a number column: its number, the value of its text (a cell that is no number), or null. */
export function numberCell(column: NumberColumn, row: number): CellValue {
  const v = column.values[row]!;
  if (v === v) return v;
  const text = column.text?.get(row);
  return text === undefined ? null : valueOfText(text);
}

/** A column's cells as plain values (missing as null), for the paths that feed records. */
export function cellsOf(column: Column, values = new CategoryValues()): CellValue[] {
  if (column.kind === 'number') return Array.from(column.values, (_, r) => numberCell(column, r));
  return Array.from(column.codes, (code) => values.of(column, code));
}
