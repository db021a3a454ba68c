/**
 * Run inputs and MLflow 3 model links (migration 10), as MLflow's store keeps them: a dataset is
 * one row per (experiment, name, digest); an input links a dataset to a run, with its input tags
 * (e.g. mlflow.data.context) and, when its source is a tracked workspace path, the data version
 * it was joined to; model inputs link logged models to the runs that used them; metrics
 * logged with a model_id are also kept per logged model.
 */
export const RUN_INPUTS_SCHEMA = `
  CREATE TABLE logged_datasets (
    dataset_uuid  TEXT    PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
    name          TEXT    NOT NULL,
    digest        TEXT    NOT NULL,
    source_type   TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    schema        TEXT,
    profile       TEXT,
    UNIQUE (experiment_id, name, digest)
  );
  CREATE TABLE run_dataset_inputs (
    input_uuid   TEXT    PRIMARY KEY,
    run_uuid     TEXT    NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    dataset_uuid TEXT    NOT NULL REFERENCES logged_datasets(dataset_uuid),
    position     INTEGER NOT NULL,
    data_path    TEXT,
    data_version INTEGER,
    data_md5     TEXT,
    UNIQUE (run_uuid, dataset_uuid)
  );
  CREATE INDEX run_dataset_inputs_by_dataset ON run_dataset_inputs(dataset_uuid);
  CREATE TABLE run_input_tags (
    input_uuid TEXT NOT NULL REFERENCES run_dataset_inputs(input_uuid) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (input_uuid, key)
  ) WITHOUT ROWID;
  CREATE TABLE run_model_inputs (
    run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
    model_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (run_uuid, model_id)
  ) WITHOUT ROWID;
  CREATE TABLE logged_model_metrics (
    model_id       TEXT    NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
    key            TEXT    NOT NULL,
    value          REAL,
    is_nan         INTEGER NOT NULL DEFAULT 0,
    timestamp      INTEGER NOT NULL,
    step           INTEGER NOT NULL,
    run_uuid       TEXT,
    dataset_name   TEXT,
    dataset_digest TEXT
  );
  CREATE UNIQUE INDEX logged_model_metrics_key ON logged_model_metrics(model_id, key, timestamp, step, coalesce(run_uuid, ''));
`;
