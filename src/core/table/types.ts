/**
 * A table read column by column: no object per row. A file is read as a sequence of chunks of a
 * few ten thousand rows; every chunk of one file has the same columns, in the same order, of the
 * same kind.
 */

/** Numbers: `values[i]` is NaN where the cell is missing, and bit i of `missing` is set. */
export interface NumberColumn {
  readonly kind: 'number';
  readonly name: string;
  readonly values: Float64Array;
  /** Bit i (byte i >> 3, bit i & 7) set = row i is missing. */
  readonly missing: Uint8Array;
  /**
   * Cells that are not numbers in a column typed as numbers (from its first chunk, or by
   * ReadColumnsOptions.kinds): row → the cell's text (booleans as "true"/"false"). Such a row is
   * also NaN and marked missing, so a reader that only wants numbers can ignore this.
   */
  readonly text?: ReadonlyMap<number, string>;
}

/**
 * Categories (strings, booleans, mixed): `codes[i]` indexes `dictionary`, -1 where missing. A
 * dictionary entry is the cell's text, except booleans ("true"/"false") and numbers (JavaScript's
 * shortest form, e.g. "1.50" → "1.5"), as table-rows' typed values print.
 */
export interface CategoryColumn {
  readonly kind: 'category';
  readonly name: string;
  readonly codes: Int32Array;
  /** Shared by every chunk of one read; it only grows, so a code never changes meaning. */
  readonly dictionary: readonly string[];
}

export type Column = NumberColumn | CategoryColumn;

export interface ColumnChunk {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

/** The first kind wins for every chunk after the first: a column is numbers when its first chunk held numbers only (or only missing cells). */
export interface ReadColumnsOptions {
  /** Only these columns, in this order (an unknown name is an error that names the file's columns). */
  readonly columns?: readonly string[];
  /** A column's kind when the caller knows it better than inference from the first chunk. */
  readonly kinds?: Readonly<Record<string, Column['kind']>>;
  /** Rows per chunk at most (the last one, and those of a file read by several threads, may be shorter). Default 65,536. */
  readonly chunkRows?: number;
  /** Threads that parse a large CSV/TSV file (split at line ends). Default: up to 2, by the file's size; 1 = this thread only. */
  readonly threads?: number;
}

export function isMissing(column: NumberColumn, row: number): boolean {
  return (column.missing[row >> 3]! & (1 << (row & 7))) !== 0;
}
