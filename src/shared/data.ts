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

export type DatasetState = 'ok' | 'modified' | 'missing' | 'not-in-cache';

export interface DatasetStatus {
  path: string;
  state: DatasetState;
  latest: DatasetVersion | undefined;
  /** Why the workspace copy was not read: it leads out of the workspace (reported as missing). */
  problem?: string;
}

export interface CheckoutResult {
  restored: DatasetVersion;
  /** The version the unversioned working copy was saved as first, if it had changes. */
  savedFirst?: DatasetVersion;
  now: DatasetVersion;
}

/** An object that was not transferred, the dataset that needs it, and why. */
export interface ObjectProblem {
  md5: string;
  dataset: string;
  reason: string;
}

export interface TransferResult {
  direction: 'push' | 'pull';
  remote: string;
  /** Objects the wanted versions need. */
  objects: number;
  copied: number;
  /** Already at the destination. */
  skipped: number;
  bytes: number;
  /** Not at the source: the local cache for a push, the remote for a pull. */
  missing: ObjectProblem[];
  /** Corrupt or unwritable. */
  failed: ObjectProblem[];
  /** Datasets a pull restored into the workspace because their copy there was missing. */
  restored: string[];
}

export interface RemoteDatasetState {
  path: string;
  version: number;
  md5: string;
  /** The latest version's objects are all in the remote. */
  pushed: boolean;
  /** How many of its objects the remote lacks (1 for a directory whose manifest is nowhere). */
  missingObjects: number;
}

export interface VerifyResult {
  checked: number;
  corrupt: { md5: string; path: string; actual: string }[];
}

export interface VersionDiff {
  from: DatasetVersion;
  to: DatasetVersion;
  files?: { added: string[]; removed: string[]; modified: string[] };
  rows?: { from: number; to: number };
  columns?: { added: string[]; removed: string[]; typeChanged: { name: string; from: string; to: string }[] };
}

export interface GcResult {
  dryRun: boolean;
  /** Objects deleted (or, in a dry run, that would be). */
  removed: { md5: string; size: number }[];
  removedBytes: number;
  kept: number;
  /** Unreferenced but written within the grace period, so kept for now. */
  recent: number;
  /** `*.tmp` files of interrupted writes removed (or that would be). */
  tempFiles: { count: number; bytes: number };
  /** Kept `.dir` versions whose manifest is not in the cache (their files could not be listed). */
  manifestsMissing: string[];
}

export interface UntrackResult {
  path: string;
  /** What was undone: the mlops.yaml entry, the pointer file, the .gitignore line. */
  removedFromConfig: boolean;
  removedPointer: boolean;
  removedIgnore: boolean;
  /** Versions stay recorded (and their objects cached) so runs keep their lineage; `data add` brings them back. */
  versionsKept: number;
}
