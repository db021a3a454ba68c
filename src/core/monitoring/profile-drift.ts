// Drift between profiles (reference and current window) instead of raw values.
import { ColumnProfile } from './column-profile';
import { columnsToCompare, evaluateDataset } from './dataset-drift';
import { evaluateColumn } from './evaluate-column';
import { evidenceOfProfiles } from './profile-evidence';
import type { TableProfile } from './table-profile';
import type { ColumnDriftOptions, ColumnDriftResult, DatasetDriftOptions, DatasetDriftResult } from './types';

/** Like columnDrift, on two column profiles; result.exact and result.basis say how it was computed. */
export function profileColumnDrift(reference: ColumnProfile, current: ColumnProfile, options: ColumnDriftOptions = {}): ColumnDriftResult {
  return evaluateColumn(evidenceOfProfiles(reference, current, options.columnType, options.column), options, options.column);
}

/** A profile of `rows` missing values, for a column one table lacks. */
function allMissing(rows: number): ColumnProfile {
  const profile = new ColumnProfile();
  profile.addMissing(rows);
  return profile;
}

/** Like datasetDrift, on two table profiles. */
export function profileDatasetDrift(reference: TableProfile, current: TableProfile, options: DatasetDriftOptions = {}): DatasetDriftResult {
  const columns = columnsToCompare(options, reference.columns.keys(), current.columns.keys());
  return evaluateDataset(
    columns,
    (column, settings) =>
      evidenceOfProfiles(
        reference.column(column) ?? allMissing(reference.rows),
        current.column(column) ?? allMissing(current.rows),
        settings.columnType,
        column,
      ),
    options,
  );
}
