import type { Column, ColumnChunk } from '../../table';
import { CategoryValues, cellsOf } from './column-values';
import type { ColumnsFrame } from './frame';

/**
 * Column chunks as the scoring code's frame of columns by name: a column of numbers with no missing
 * or odd cell is handed over as its Float64Array (read like an array), the others as plain values
 * (missing as null), a category's entries converted once per read.
 */
export class ColumnFrames {
  private readonly categories = new Map<string, CategoryValues>();

  of(chunk: ColumnChunk): ColumnsFrame {
    return { kind: 'columns', columns: Object.fromEntries(chunk.columns.map((column) => [column.name, this.cells(column)])) };
  }

  private cells(column: Column): unknown[] {
    if (column.kind === 'number' && !column.text && column.missing.every((byte) => byte === 0)) return column.values as unknown as unknown[];
    let values = this.categories.get(column.name);
    if (!values) this.categories.set(column.name, (values = new CategoryValues()));
    return cellsOf(column, values);
  }
}
