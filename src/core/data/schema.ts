/** Tables of the data area (migration 4). Paths are workspace-relative with `/`. */
export const DATA_SCHEMA = `
  CREATE TABLE datasets (
    path       TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    added_time INTEGER NOT NULL
  );
  CREATE TABLE dataset_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    path         TEXT    NOT NULL REFERENCES datasets(path) ON DELETE CASCADE,
    md5          TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    nfiles       INTEGER,
    created_time INTEGER NOT NULL,
    git_commit   TEXT,
    run_id       TEXT,
    summary      TEXT
  );
  CREATE INDEX dataset_versions_by_path ON dataset_versions(path, id DESC);
  CREATE TABLE stat_cache (
    path  TEXT    PRIMARY KEY,
    inode INTEGER NOT NULL,
    mtime REAL    NOT NULL,
    size  INTEGER NOT NULL,
    md5   TEXT    NOT NULL
  ) WITHOUT ROWID;
`;

/** Migration 6: untracking keeps a dataset's history; it leaves the list until it is added again. */
export const DATA_UNTRACK_SCHEMA = `
  ALTER TABLE datasets ADD COLUMN untracked_time INTEGER;
`;
