import { numberOf, storeCell } from './cell-values';
import type { ElementStorage, ElementType } from './element-types';
import { doesNotFit } from './scoring-error';

/** dataframe_split and CSV: rows of cells under named columns (each row as long as `columns`). */
export interface RowsFrame {
  kind: 'rows';
  columns: string[];
  rows: unknown[][];
}

/** dataframe_records: one object per row; a key missing from a row is a missing value (NaN). */
export interface RecordsFrame {
  kind: 'records';
  records: Record<string, unknown>[];
}

/** A dict of equally long columns by name: `inputs`/`instances` as a dict, fed to a table model. */
export interface ColumnsFrame {
  kind: 'columns';
  columns: Record<string, unknown[]>;
}

/** A pandas DataFrame, as MLflow's scoring formats carry one. */
export type Frame = RowsFrame | RecordsFrame | ColumnsFrame;

export function rowCountOf(frame: Frame): number {
  switch (frame.kind) {
    case 'rows':
      return frame.rows.length;
    case 'records':
      return frame.records.length;
    case 'columns':
      return Object.values(frame.columns)[0]?.length ?? 0;
  }
}

/** Column names in order of first appearance. */
export function columnNamesOf(frame: Frame): string[] {
  switch (frame.kind) {
    case 'rows':
      return frame.columns;
    case 'columns':
      return Object.keys(frame.columns);
    case 'records': {
      const names = new Set<string>();
      for (const record of frame.records) for (const key of Object.keys(record)) names.add(key);
      return [...names];
    }
  }
}

export function hasColumn(frame: Frame, name: string): boolean {
  switch (frame.kind) {
    case 'rows':
      return frame.columns.includes(name);
    case 'columns':
      return Object.hasOwn(frame.columns, name);
    case 'records':
      return frame.records.some((record) => Object.hasOwn(record, name));
  }
}

/** The names in `wanted` the frame lacks, as MLflow's schema enforcement reports them. */
export function missingColumns(frame: Frame, wanted: readonly string[]): string[] {
  return wanted.filter((name) => !hasColumn(frame, name));
}

/**
 * Fills `target` row-major from the named columns: target[row * columns.length + k] is the cell of
 * columns[k] in that row. Callers check the columns exist first. Messages number rows from `firstRow`.
 */
export function fillFromColumns(frame: Frame, columns: readonly string[], target: ElementStorage, element: ElementType, firstRow = 0): void {
  if (frame.kind === 'rows' && element.kind === 'float') return fillFloatsFromRows(frame, columns, target as Float32Array, firstRow);
  const width = columns.length;
  const rows = rowCountOf(frame);
  const cellOf = cellReader(frame, columns);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < width; k++) storeCell(target, r * width + k, cellOf(r, k), element, { column: columns[k]!, row: firstRow + r });
  }
}

/** The common case (dataframe_split or CSV into a float input), without a call per cell. */
function fillFloatsFromRows(frame: RowsFrame, columns: readonly string[], target: Float32Array | Float64Array, firstRow: number): void {
  const index = columns.map((name) => frame.columns.indexOf(name));
  const width = index.length;
  const rows = frame.rows;
  const inOrder = index.every((position, k) => position === k);
  for (let r = 0, i = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[];
    for (let k = 0; k < width; k++, i++) {
      const value = row[inOrder ? k : (index[k] as number)];
      target[i] = typeof value === 'number' ? value : numberOf(value, { column: columns[k]!, row: firstRow + r });
    }
  }
}

function cellReader(frame: Frame, columns: readonly string[]): (row: number, k: number) => unknown {
  switch (frame.kind) {
    case 'rows': {
      const index = columns.map((name) => frame.columns.indexOf(name));
      const rows = frame.rows;
      return (r, k) => (rows[r] as unknown[])[index[k] as number];
    }
    case 'records': {
      const records = frame.records;
      return (r, k) => (records[r] as Record<string, unknown>)[columns[k] as string];
    }
    case 'columns': {
      const arrays = columns.map((name) => frame.columns[name] as unknown[]);
      return (r, k) => (arrays[k] as unknown[])[r];
    }
  }
}

/** Checks a dict of columns is rectangular: every value an array of the same length. */
export function columnsFrame(values: Record<string, unknown>): ColumnsFrame {
  let length: number | undefined;
  for (const [name, column] of Object.entries(values)) {
    if (!Array.isArray(column)) throw doesNotFit(`Column '${name}' must be a list of values, one per row`);
    length ??= column.length;
    if (column.length !== length) throw doesNotFit(`The columns have different lengths: '${name}' has ${column.length} values, the first column ${length}`);
  }
  return { kind: 'columns', columns: values as Record<string, unknown[]> };
}
