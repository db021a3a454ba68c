import { DATA_SCHEMA, DATA_UNTRACK_SCHEMA } from '../data/schema';
import { JOBS_SCHEMA } from '../jobs/schema';
import { MONITORS_SCHEMA, RETRAIN_SCHEMA } from '../monitoring/monitors/schema';
import { RUN_CACHE_SCHEMA } from '../pipeline/schema';
import { REGISTRY_REFERENCES_SCHEMA, REGISTRY_SCHEMA } from '../registry/schema';
import { RUN_INPUTS_SCHEMA } from '../tracking/inputs-schema';
import { LOGGED_MODELS_SCHEMA } from '../tracking/logged-models-schema';
import { METRIC_SUMMARY_SCHEMA } from '../tracking/metric-summary-schema';
import { SEARCH_INDEXES_SCHEMA } from '../tracking/search-indexes-schema';
import { TRACKING_SCHEMA } from '../tracking/schema';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Numbered, append-only. A released migration is never edited: fix forward with a new one.
 * Each later area appends the tables it owns.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log and metadata',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE events (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT    NOT NULL,
        time INTEGER NOT NULL,
        data TEXT    NOT NULL
      );
      CREATE INDEX events_time ON events(time);
    `,
  },
  { version: 2, name: 'tracking: experiments, runs, params, tags, metrics', sql: TRACKING_SCHEMA },
  { version: 3, name: 'tracking: MLflow 3 logged models and run outputs', sql: LOGGED_MODELS_SCHEMA },
  { version: 4, name: 'data: datasets, versions, stat cache', sql: DATA_SCHEMA },
  { version: 5, name: 'registry: registered models, versions, tags, aliases', sql: REGISTRY_SCHEMA },
  { version: 6, name: 'data: untracked datasets keep their history', sql: DATA_UNTRACK_SCHEMA },
  { version: 7, name: 'monitoring: monitor results and alerts', sql: MONITORS_SCHEMA },
  { version: 8, name: 'monitoring: silences and retraining triggers', sql: RETRAIN_SCHEMA },
  { version: 9, name: 'retraining: the VS Code task a trigger runs', sql: 'ALTER TABLE retrain_triggers ADD COLUMN task TEXT' },
  { version: 10, name: 'tracking: run inputs (datasets, models) and logged-model metrics', sql: RUN_INPUTS_SCHEMA },
  { version: 11, name: 'registry: versions by reference (model_id, not available locally)', sql: REGISTRY_REFERENCES_SCHEMA },
  { version: 12, name: 'jobs: every process the runtime starts', sql: JOBS_SCHEMA },
  { version: 13, name: 'pipelines: the run-cache (stage inputs that ran → their outputs)', sql: RUN_CACHE_SCHEMA },
  { version: 14, name: 'tracking: write-time metric summaries (buckets of 2^k points per series)', sql: METRIC_SUMMARY_SCHEMA },
  { version: 15, name: 'tracking: search plans (tags by key and value, runs by end_time and name)', sql: SEARCH_INDEXES_SCHEMA },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
