/** Dataset shapes shared by the runtime's data API and its clients. */
export type ColumnType = 'integer' | 'float' | 'boolean' | 'string' | 'empty';

export interface TableSummary {
  format: 'csv' | 'tsv' | 'jsonl' | 'parquet';
  rows: number;
  columns: { name: string; type: ColumnType }[];
}

export interface DatasetVersion {
  id: number;
  path: string;
  /** 1-based, per dataset. */
  version: number;
  md5: string;
  size: number;
  nfiles: number | null;
  createdTime: number;
  gitCommit: string | null;
  runId: string | null;
  summary: TableSummary | null;
  /** Filled by the runtime's versions route. */
  usedBy?: DatasetUsage;
}

export interface DatasetInfo {
  path: string;
  kind: 'file' | 'dir';
  latest?: DatasetVersion;
}

/** Runs that read a dataset version, and model versions trained on it. */
export interface DatasetUsage {
  runs: { runId: string; runName: string }[];
  models: { name: string; version: number }[];
}
