/** Tables of the tracking area (migration 2). Metric values: NaN is stored as NULL with is_nan = 1. */
export const TRACKING_SCHEMA = `
  CREATE TABLE experiments (
    experiment_id     INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    artifact_location TEXT    NOT NULL,
    lifecycle_stage   TEXT    NOT NULL DEFAULT 'active',
    creation_time     INTEGER NOT NULL,
    last_update_time  INTEGER NOT NULL
  );
  CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, key)
  );
  CREATE TABLE runs (
    run_uuid        TEXT    PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments(experiment_id),
    name            TEXT    NOT NULL DEFAULT '',
    user_id         TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    start_time      INTEGER,
    end_time        INTEGER,
    artifact_uri    TEXT    NOT NULL,
    lifecycle_stage TEXT    NOT NULL DEFAULT 'active',
    deleted_time    INTEGER
  );
  CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time DESC);
  CREATE INDEX runs_by_status ON runs(status) WHERE status = 'RUNNING';
  CREATE TABLE params (
    run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, key)
  ) WITHOUT ROWID;
  CREATE INDEX params_by_key ON params(key, value);
  CREATE TABLE tags (
    run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, key)
  ) WITHOUT ROWID;
  CREATE TABLE metrics (
    run_uuid  TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL,
    is_nan    INTEGER NOT NULL DEFAULT 0
  );
  -- Covering (value, is_nan included): a million-point history reads the index alone.
  CREATE INDEX metrics_history ON metrics(run_uuid, key, step, timestamp, value, is_nan);
  CREATE TABLE latest_metrics (
    run_uuid  TEXT    NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    key       TEXT    NOT NULL,
    value     REAL,
    is_nan    INTEGER NOT NULL DEFAULT 0,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    min_value REAL,
    max_value REAL,
    count     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_uuid, key)
  ) WITHOUT ROWID;
  CREATE INDEX latest_metrics_by_key ON latest_metrics(key, value);
  INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
    VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER));
`;
