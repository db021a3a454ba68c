/**
 * Indexes for the run search's plans (migration 15). A selective `tags.k = 'v'` reads its runs
 * from tags_by_key (and an order by a tag walks it), as params do through params_by_key and
 * metrics through latest_metrics_by_key: in these WITHOUT ROWID tables each index entry carries
 * the primary key, so run_uuid comes with it and the index alone answers. A search ordered by
 * end_time or run name walks the experiment's runs in that order (start_time has runs_by_experiment).
 */
export const SEARCH_INDEXES_SCHEMA = `
  CREATE INDEX tags_by_key ON tags(key, value);
  CREATE INDEX runs_by_end_time ON runs(experiment_id, end_time);
  CREATE INDEX runs_by_name ON runs(experiment_id, name);
`;
