/**
 * Write-time metric summaries (migration 14, see metric-buckets.ts and metric-summaries.ts).
 * `metric_series` lists the series whose buckets hold all their points, and how many that is; a
 * series without a row (logged before this migration, or whose points were deleted) is summarised
 * again from `metrics` when first read. The finest level lives in `metric_fine`, keyed by bucket
 * before key: a batch logging many keys in step then writes a few neighbouring pages, not one page
 * per key (the commit's page writes are what log-batch pays for summaries). Coarser levels, a
 * quarter as many rows each, stay by series in `metric_buckets`, where a chart reads a level's range.
 */
/** A bucket's columns, the same at every level. */
const BUCKET_COLUMNS = `
    run_uuid    TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    level       INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    finite      INTEGER NOT NULL,
    sum         REAL,
    min_value   REAL,
    min_step    INTEGER,
    min_ts      INTEGER,
    max_value   REAL,
    max_step    INTEGER,
    max_ts      INTEGER,
    first_value REAL,
    first_step  INTEGER,
    first_ts    INTEGER,
    last_value  REAL,
    last_step   INTEGER,
    last_ts     INTEGER,
    odd_kind    INTEGER,
    odd_step    INTEGER,
    odd_ts      INTEGER,
`;

export const METRIC_SUMMARY_SCHEMA = `
  CREATE TABLE metric_series (
    run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    count    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_uuid, key)
  ) WITHOUT ROWID;
  CREATE TABLE metric_buckets (
${BUCKET_COLUMNS}    PRIMARY KEY (run_uuid, key, level, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE metric_fine (
${BUCKET_COLUMNS}    PRIMARY KEY (run_uuid, level, bucket, key)
  ) WITHOUT ROWID;
  -- A trigger, not foreign keys: a key checked on every bucket row written costs log-batch more.
  CREATE TRIGGER metric_series_dropped AFTER DELETE ON metric_series BEGIN
    DELETE FROM metric_buckets WHERE run_uuid = OLD.run_uuid AND key = OLD.key;
    DELETE FROM metric_fine WHERE run_uuid = OLD.run_uuid AND key = OLD.key;
  END;
  CREATE TRIGGER metric_series_stale AFTER DELETE ON metrics BEGIN
    DELETE FROM metric_series WHERE run_uuid = OLD.run_uuid AND key = OLD.key;
  END;
`;
