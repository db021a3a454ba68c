import type { CategoryColumn, ColumnChunk } from '../../table';
import { numberOf } from '../scoring/cell-values';
import { CategoryValues, numberCell } from '../scoring/column-values';
import type { FeatureInput } from './feature-columns';

/**
 * The model's float input [rows, features] filled straight from a chunk's columns: numbers as they
 * are (missing as NaN), a category's text parsed once per dictionary entry (a non-number is refused
 * with its column and 1-based row, from `firstRow`).
 */
export function floatFeaturesOfColumns(chunk: ColumnChunk, columns: readonly string[], layout: FeatureInput, firstRow: number, target?: Float32Array | Float64Array): Float32Array | Float64Array {
  const width = columns.length;
  const rows = chunk.rowCount;
  target = target && target.length >= rows * width ? target.subarray(0, rows * width) : (layout.input.element.allocate(rows * width) as Float32Array | Float64Array);
  columns.forEach((name, k) => {
    const column = chunk.columns.find((c) => c.name === name)!;
    if (column.kind === 'number') {
      const values = column.values;
      for (let r = 0, i = k; r < rows; r++, i += width) target[i] = values[r]!;
      // Cells that are no number in a column of numbers: true/false count as 1/0, text is refused.
      for (const row of column.text?.keys() ?? []) target[row * width + k] = numberOf(numberCell(column, row), { column: name, row: firstRow + row });
    } else {
      const numbers = categoryNumbers(column, name, firstRow);
      for (let r = 0, i = k; r < rows; r++, i += width) target[i] = numbers(column.codes[r]!, r);
    }
  });
  return target;
}

function categoryNumbers(column: CategoryColumn, name: string, firstRow: number): (code: number, row: number) => number {
  const values = new CategoryValues();
  const known: number[] = [];
  return (code, row) => {
    if (code < 0) return NaN;
    let number = known[code];
    if (number === undefined) known[code] = number = numberOf(values.of(column, code), { column: name, row: firstRow + row });
    return number;
  };
}
