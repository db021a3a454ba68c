// Drift of every column, the share that drifted, and the dataset verdict.
import type { ColumnEvidence } from './column-evidence';
import { evaluateColumn, isDrift } from './evaluate-column';
import { adjustPValues } from './multiple-testing';
import type { ColumnDriftResult, DatasetDriftOptions, DatasetDriftResult, DriftTest, DriftTestOptions } from './types';

/** The dataset-wide settings with one column's own settings over them. */
export function columnOptions(options: DatasetDriftOptions, column: string): DriftTestOptions {
  return { ...options, ...options.perColumn?.[column] };
}

/** Columns named in the options, else those of either side in first-seen order. */
export function columnsToCompare(options: DatasetDriftOptions, reference: Iterable<string>, current: Iterable<string>): string[] {
  return options.columns ? [...options.columns] : [...new Set([...reference, ...current])];
}

/** Applies the correction to the p-value tests that had data, and re-decides their drift. */
function corrected(results: ColumnDriftResult[], options: DatasetDriftOptions): ColumnDriftResult[] {
  const correction = options.correction ?? 'none';
  if (correction === 'none') return results;
  const tested = results.filter((result) => result.pValue !== undefined);
  const adjusted = adjustPValues(tested.map((result) => result.pValue!), correction);
  const adjustedOf = new Map(tested.map((result, i) => [result, adjusted[i]!]));
  return results.map((result) => {
    const adjustedPValue = adjustedOf.get(result);
    if (adjustedPValue === undefined) return result;
    return { ...result, adjustedPValue, drifted: isDrift(result.test as DriftTest, adjustedPValue, result.threshold!) };
  });
}

/** Evaluates each column's evidence (built lazily, one column at a time) and summarizes. */
export function evaluateDataset(
  columns: readonly string[],
  evidenceOf: (column: string, options: DriftTestOptions) => ColumnEvidence,
  options: DatasetDriftOptions,
): DatasetDriftResult {
  const results = corrected(
    columns.map((column) => {
      const settings = columnOptions(options, column);
      return evaluateColumn(evidenceOf(column, settings), settings, column);
    }),
    options,
  );
  const testedColumns = results.filter((result) => !result.noData).length;
  const driftedColumns = results.filter((result) => result.drifted).length;
  const driftedShare = testedColumns === 0 ? 0 : driftedColumns / testedColumns;
  return {
    columns: results,
    testedColumns,
    driftedColumns,
    driftedShare,
    drifted: testedColumns > 0 && driftedShare >= (options.driftShare ?? 0.5),
    correction: options.correction ?? 'none',
  };
}
