/** Two versions of a dataset side by side: schema, row counts, per-column statistics and drift. */
import type { ColumnType, DatasetVersion } from './data';

export interface ColumnStats {
  type: ColumnType;
  /** Rows read for this column (null and empty cells included). */
  count: number;
  missing: number;
  unique: number | null;
  mean: number | null;
  std: number | null;
  min: number | string | null;
  max: number | string | null;
  top: { value: string; count: number }[];
}

export interface ColumnDriftScore {
  test: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}

export interface ColumnComparison {
  name: string;
  status: 'same' | 'added' | 'removed' | 'retyped';
  from: ColumnStats | null;
  to: ColumnStats | null;
  drift: ColumnDriftScore | null;
}

export interface VersionComparison {
  path: string;
  from: DatasetVersion;
  to: DatasetVersion;
  /** Null for folders and formats without a table reader. */
  table: {
    rows: { from: number; to: number };
    columns: ColumnComparison[];
    /** Share of compared columns that drifted. */
    driftedShare: number | null;
    /** True when a version was too large for exact tests and drift came from bounded-memory profiles. */
    approximate: boolean;
  } | null;
  files: { added: string[]; removed: string[]; modified: string[] } | null;
}
