/** Tables of monitors (migration 7): each monitor's results as a time series, and the alerts fired. */
export const MONITORS_SCHEMA = `
  CREATE TABLE monitor_results (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor     TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    result      TEXT    NOT NULL,
    drift_share REAL,
    drifted     INTEGER NOT NULL
  );
  CREATE INDEX monitor_results_by_monitor ON monitor_results(monitor, time);
  CREATE TABLE alerts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor  TEXT    NOT NULL,
    rule     TEXT    NOT NULL,
    severity TEXT    NOT NULL,
    value    REAL,
    time     INTEGER NOT NULL,
    message  TEXT    NOT NULL
  );
  CREATE INDEX alerts_by_time ON alerts(time);
  CREATE INDEX alerts_by_rule ON alerts(monitor, rule, time);
`;

/**
 * Migration 8: silences (a monitor's alerts muted until a time) and retraining triggers (what
 * started a retrain, its run, data and model versions, and the decision), and the retrain flag of alerts.
 */
export const RETRAIN_SCHEMA = `
  CREATE TABLE monitor_silences (
    monitor TEXT    PRIMARY KEY,
    until   INTEGER NOT NULL
  );
  CREATE TABLE retrain_triggers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor       TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    alert_id      INTEGER,
    policy        TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    run_id        TEXT,
    data_path     TEXT,
    data_version  INTEGER,
    data_md5      TEXT,
    model_name    TEXT,
    model_version TEXT,
    decision      TEXT
  );
  CREATE INDEX retrain_triggers_by_monitor ON retrain_triggers(monitor, created_at);
  ALTER TABLE alerts ADD COLUMN retrain INTEGER NOT NULL DEFAULT 0;
`;
