/**
 * What a search filter may name, per kind of search, as MLflow's search_utils.py has it
 * (SearchUtils for runs, SearchExperimentsUtils, SearchLoggedModelsUtils): the entity prefixes,
 * the attributes (with their aliases) and which attributes compare as numbers.
 */

export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export interface SearchGrammar {
  /** For messages: "runs", "experiments", "logged models". */
  readonly subject: string;
  /** Prefix (lower case) -> entity. */
  readonly entities: Readonly<Record<string, EntityType>>;
  /** Attribute name or alias -> canonical name. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly numericAttributes: ReadonlySet<string>;
  /** Keys after `datasets.` (runs only: a dataset the run logged as input). */
  readonly datasetKeys: ReadonlySet<string>;
}

const BASE_ENTITIES: Readonly<Record<string, EntityType>> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
};

export const RUN_GRAMMAR: SearchGrammar = {
  subject: 'runs',
  entities: { ...BASE_ENTITIES, run: 'attribute', dataset: 'dataset', datasets: 'dataset' },
  attributes: {
    run_id: 'run_id',
    run_uuid: 'run_id',
    run_name: 'run_name',
    'run name': 'run_name',
    'Run name': 'run_name',
    'Run Name': 'run_name',
    status: 'status',
    start_time: 'start_time',
    end_time: 'end_time',
    user_id: 'user_id',
    artifact_uri: 'artifact_uri',
    lifecycle_stage: 'lifecycle_stage',
    created: 'start_time',
    Created: 'start_time',
    experiment_id: 'experiment_id',
  },
  numericAttributes: new Set(['start_time', 'end_time']),
  datasetKeys: new Set(['name', 'digest', 'context']),
};

export const EXPERIMENT_GRAMMAR: SearchGrammar = {
  subject: 'experiments',
  entities: { tag: 'tag', tags: 'tag', attribute: 'attribute', attributes: 'attribute', attr: 'attribute' },
  attributes: { name: 'name', creation_time: 'creation_time', last_update_time: 'last_update_time', experiment_id: 'experiment_id' },
  numericAttributes: new Set(['creation_time', 'last_update_time']),
  datasetKeys: new Set(),
};

export const LOGGED_MODEL_GRAMMAR: SearchGrammar = {
  subject: 'logged models',
  entities: BASE_ENTITIES,
  attributes: {
    name: 'name',
    model_id: 'model_id',
    model_type: 'model_type',
    status: 'status',
    source_run_id: 'source_run_id',
    creation_timestamp: 'creation_timestamp',
    creation_time: 'creation_timestamp',
    creation_timestamp_ms: 'creation_timestamp',
    last_updated_timestamp: 'last_updated_timestamp',
    last_updated_time: 'last_updated_timestamp',
    last_updated_timestamp_ms: 'last_updated_timestamp',
  },
  numericAttributes: new Set(['creation_timestamp', 'last_updated_timestamp']),
  datasetKeys: new Set(),
};
