/** Pipelines (table run_cache): each stage's exact inputs that ran → the outputs they made (DVC's run-cache). */
export const RUN_CACHE_SCHEMA = `
  CREATE TABLE run_cache (
    key          TEXT    PRIMARY KEY,
    stage        TEXT    NOT NULL,
    outs         TEXT    NOT NULL,
    created_time INTEGER NOT NULL
  );
`;
