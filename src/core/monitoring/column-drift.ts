// Drift between raw reference and current values, one column or a whole table.
import { columnsToCompare, evaluateDataset } from './dataset-drift';
import { evaluateColumn } from './evaluate-column';
import type { ColumnDriftOptions, ColumnDriftResult, DatasetDriftOptions, DatasetDriftResult } from './types';
import { evidenceOfValues } from './value-evidence';
import type { Value } from './values';

/** Drift of one column: missing values dropped, then Evidently's test for its type and size. */
export function columnDrift(reference: readonly Value[], current: readonly Value[], options: ColumnDriftOptions = {}): ColumnDriftResult {
  return evaluateColumn(evidenceOfValues(reference, current, options.columnType, options.column), options, options.column);
}

/** A table as columns of values; a column one side lacks counts as entirely missing there. */
export type ColumnValues = Readonly<Record<string, readonly Value[]>>;

/** Drift of every column, and whether the share of drifted columns reaches options.driftShare. */
export function datasetDrift(reference: ColumnValues, current: ColumnValues, options: DatasetDriftOptions = {}): DatasetDriftResult {
  const referenceRows = Math.max(0, ...Object.values(reference).map((values) => values.length));
  const currentRows = Math.max(0, ...Object.values(current).map((values) => values.length));
  const columns = columnsToCompare(options, Object.keys(reference), Object.keys(current));
  return evaluateDataset(
    columns,
    (column, settings) =>
      evidenceOfValues(
        reference[column] ?? new Array<Value>(referenceRows).fill(null),
        current[column] ?? new Array<Value>(currentRows).fill(null),
        settings.columnType,
        column,
      ),
    options,
  );
}

/** Records (rows) turned into columns; a key a record lacks is a missing value in that row. */
export function columnsOf(records: readonly Readonly<Record<string, Value>>[]): Record<string, Value[]> {
  const columns = new Map<string, Value[]>();
  const lists: [string, Value[]][] = [];
  records.forEach((record, row) => {
    for (const key in record) {
      if (columns.has(key)) continue;
      const list = new Array<Value>(row).fill(null);
      columns.set(key, list);
      lists.push([key, list]);
    }
    for (const [key, values] of lists) values.push(record[key] ?? null);
  });
  return Object.fromEntries(columns);
}
