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
