/** Jobs (table jobs): every process the runtime started, so a restart finds the ones it left behind. */
export const JOBS_SCHEMA = `
  CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    label        TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    command      TEXT    NOT NULL,
    cwd          TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    owner_pid    INTEGER NOT NULL,
    pid          INTEGER,
    queued_at    INTEGER NOT NULL,
    started_at   INTEGER,
    ended_at     INTEGER,
    exit_code    INTEGER,
    signal       TEXT,
    reason       TEXT,
    log          TEXT
  );
  CREATE INDEX jobs_state ON jobs(state);
`;
