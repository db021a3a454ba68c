/** MLflow 3 LoggedModels (migration 3): what `mlflow.<flavor>.log_model` creates. */
export const LOGGED_MODELS_SCHEMA = `
  CREATE TABLE logged_models (
    model_id          TEXT    PRIMARY KEY,
    experiment_id     INTEGER NOT NULL REFERENCES experiments(experiment_id),
    name              TEXT    NOT NULL,
    artifact_uri      TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    status_message    TEXT,
    model_type        TEXT,
    source_run_id     TEXT,
    creation_time     INTEGER NOT NULL,
    last_update_time  INTEGER NOT NULL,
    lifecycle_stage   TEXT    NOT NULL DEFAULT 'active'
  );
  CREATE INDEX logged_models_by_experiment ON logged_models(experiment_id, creation_time DESC);
  CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE run_outputs (
    run_uuid TEXT    NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    model_id TEXT    NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
    step     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_uuid, model_id)
  ) WITHOUT ROWID;
`;
