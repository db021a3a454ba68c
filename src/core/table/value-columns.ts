// Columns from JavaScript values (JSON Lines records, Parquet column data): numbers stay numbers,
// strings are typed as CSV cells are, booleans and other values become categories.
import { Cells, Dictionary } from './delimited-cells';
import type { Column, ColumnChunk } from './types';

/** A value as a cell: a number, null (missing), or text. */
function cellOf(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'string') {
    const typed = Cells.valueOf(value);
    return typed === null || typeof typed === 'number' ? typed : Cells.categoryOf(typed);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_key, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

/** One column of a chunk being filled from values; `kind` undefined = decided by the chunk's values. */
export class ValueColumnBuilder {
  private readonly cells: (number | string | null)[];

  constructor(
    readonly name: string,
    readonly kind: Column['kind'] | undefined,
    readonly dictionary: Dictionary,
    rows: number,
  ) {
    this.cells = new Array<number | string | null>(rows).fill(null);
  }

  set(row: number, value: unknown): void {
    this.cells[row] = cellOf(value);
  }

  finish(rows: number): Column {
    const cells = this.cells;
    let kind = this.kind;
    if (kind === undefined) {
      kind = 'number';
      for (let i = 0; i < rows; i++) if (typeof cells[i] === 'string') kind = 'category';
    }
    if (kind === 'category') {
      const codes = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const cell = cells[i];
        codes[i] = cell === null || cell === undefined ? -1 : this.dictionary.code(typeof cell === 'number' ? String(cell) : cell);
      }
      return { kind, name: this.name, codes, dictionary: this.dictionary.entries };
    }
    const values = new Float64Array(rows);
    const missing = new Uint8Array((rows + 7) >> 3);
    let text: Map<number, string> | undefined;
    for (let i = 0; i < rows; i++) {
      const cell = cells[i];
      if (typeof cell === 'number') values[i] = cell;
      else {
        values[i] = NaN;
        missing[i >> 3]! |= 1 << (i & 7);
        if (typeof cell === 'string') (text ??= new Map()).set(i, cell);
      }
    }
    return text ? { kind, name: this.name, values, missing, text } : { kind, name: this.name, values, missing };
  }
}

/** Builds chunks from rows of values under fixed column names, carrying kinds and dictionaries across chunks. */
export class ValueChunkBuilder {
  private kinds: (Column['kind'] | undefined)[];
  private readonly dictionaries: Dictionary[];

  constructor(
    readonly names: readonly string[],
    kinds: Readonly<Record<string, Column['kind']>> | undefined,
  ) {
    this.kinds = names.map((name) => kinds?.[name]);
    this.dictionaries = names.map(() => new Dictionary());
  }

  builders(rows: number): ValueColumnBuilder[] {
    return this.names.map((name, i) => new ValueColumnBuilder(name, this.kinds[i], this.dictionaries[i]!, rows));
  }

  finish(builders: readonly ValueColumnBuilder[], rowCount: number): ColumnChunk {
    const columns = builders.map((builder) => builder.finish(rowCount));
    this.kinds = columns.map((column) => column.kind);
    return { rowCount, columns };
  }
}
