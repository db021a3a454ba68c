/**
 * The model registry (migration 5): MLflow's registered models, versions, tags and aliases, plus
 * the lineage of each version's registry copy. Renames cascade from registered_models.name down;
 * deleting a model removes its versions, tags and aliases; deleting a version removes its tags
 * and the aliases pointing at it.
 */
export const REGISTRY_SCHEMA = `
  CREATE TABLE registered_models (
    name                   TEXT    PRIMARY KEY,
    creation_timestamp     INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
    description            TEXT,
    -- Version numbers are never reused, even after a deletion (as in MLflow).
    next_version           INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE model_versions (
    name                   TEXT    NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE ON UPDATE CASCADE,
    version                INTEGER NOT NULL,
    creation_timestamp     INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
    description            TEXT,
    user_id                TEXT,
    current_stage          TEXT    NOT NULL DEFAULT 'None',
    source                 TEXT    NOT NULL,
    run_id                 TEXT,
    run_link               TEXT,
    status                 TEXT    NOT NULL DEFAULT 'READY',
    status_message         TEXT,
    storage_location       TEXT,
    model_file             TEXT,
    git_commit             TEXT,
    data_versions          TEXT,
    signature              TEXT,
    size                   INTEGER,
    md5                    TEXT,
    sha256                 TEXT,
    validation             TEXT,
    PRIMARY KEY (name, version)
  );
  CREATE INDEX model_versions_by_run ON model_versions(run_id);
  CREATE INDEX model_versions_by_update ON model_versions(last_updated_timestamp);
  CREATE TABLE registered_model_tags (
    name  TEXT NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE ON UPDATE CASCADE,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (name, key)
  ) WITHOUT ROWID;
  CREATE TABLE model_version_tags (
    name    TEXT    NOT NULL,
    version INTEGER NOT NULL,
    key     TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE ON UPDATE CASCADE
  ) WITHOUT ROWID;
  CREATE TABLE registered_model_aliases (
    name    TEXT    NOT NULL,
    alias   TEXT    NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE ON UPDATE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX registered_model_aliases_by_version ON registered_model_aliases(name, version);
`;

/**
 * Registration by reference (migration 11): the MLflow 3 logged model a version promotes, and why
 * a version's model is not on this machine (null when it is: a registry copy or a local folder).
 */
export const REGISTRY_REFERENCES_SCHEMA = `
  ALTER TABLE model_versions ADD COLUMN model_id TEXT;
  ALTER TABLE model_versions ADD COLUMN unavailable_reason TEXT;
`;
