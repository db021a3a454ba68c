import { randomBytes } from 'node:crypto';
import { invalid } from '../errors';
import type { SqlDriver } from '../store';
import type { DataVersionLink, DatasetInput, KeyValue, LoggedDataset, RunInputs } from './types';

/** MLflow's limits for datasets and input tags (mlflow/utils/validation.py). */
const DATASET_LIMITS = { name: 500, digest: 36, source: 65_535, schema: 1_048_575, profile: 16_777_215, tagKey: 255, tagValue: 500, perRequest: 1000 };

/** Finds the tracked data version a dataset's source names, when it names one in the workspace. */
export type DataVersionResolver = (source: string) => DataVersionLink | undefined;

interface InputRow {
  input_uuid: string;
  run_uuid: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
  data_path: string | null;
  data_version: number | null;
  data_md5: string | null;
}

/**
 * Run inputs as MLflow's LogInputs stores them: a dataset is one row per experiment, name and
 * digest; a run links to it once (the first link's input tags are kept); model inputs link
 * logged models to the runs that read them.
 */
export class RunInputRepository {
  constructor(private readonly db: SqlDriver) {}

  /** Validates everything first, then writes; the caller holds the transaction. */
  log(runId: string, experimentId: string, datasets: unknown[], models: unknown[], resolve?: DataVersionResolver): void {
    if (datasets.length > DATASET_LIMITS.perRequest) throw invalid(`A LogInputs request can contain at most ${DATASET_LIMITS.perRequest} datasets. Got ${datasets.length}.`);
    const inputs = dedupe(datasets.map(parseDatasetInput));
    const modelIds = models.map(parseModelInput);
    let position = this.db.get<{ n: number }>('SELECT count(*) AS n FROM run_dataset_inputs WHERE run_uuid = ?', [runId])!.n;
    for (const input of inputs) {
      const datasetId = this.datasetId(Number(experimentId), input.dataset);
      if (this.db.get('SELECT 1 FROM run_dataset_inputs WHERE run_uuid = ? AND dataset_uuid = ?', [runId, datasetId])) continue;
      const inputId = randomBytes(16).toString('hex');
      const link = resolve?.(input.dataset.source);
      this.db.run('INSERT INTO run_dataset_inputs (input_uuid, run_uuid, dataset_uuid, position, data_path, data_version, data_md5) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        inputId,
        runId,
        datasetId,
        position++,
        link?.path ?? null,
        link?.version ?? null,
        link?.md5 ?? null,
      ]);
      for (const tag of input.tags) this.db.run('INSERT OR REPLACE INTO run_input_tags (input_uuid, key, value) VALUES (?, ?, ?)', [inputId, tag.key, tag.value]);
    }
    let modelPosition = this.db.get<{ n: number }>('SELECT count(*) AS n FROM run_model_inputs WHERE run_uuid = ?', [runId])!.n;
    for (const modelId of modelIds) {
      this.db.run('INSERT INTO run_model_inputs (run_uuid, model_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [runId, modelId, modelPosition++]);
    }
  }

  /** The run's dataset and model inputs, in the order they were first logged. */
  inputsOf(runId: string): RunInputs {
    return this.inputsOfRuns([runId]).get(runId)!;
  }

  /** The inputs of many runs in three queries, by run id (every id has an entry). */
  inputsOfRuns(runIds: readonly string[]): Map<string, RunInputs> {
    const out = new Map<string, RunInputs>(runIds.map((id) => [id, { datasetInputs: [], modelInputs: [] }]));
    if (runIds.length === 0) return out;
    const marks = runIds.map(() => '?').join(',');
    const rows = this.db.all<InputRow>(
      `SELECT i.input_uuid, i.run_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile, i.data_path, i.data_version, i.data_md5
       FROM run_dataset_inputs i JOIN logged_datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_uuid IN (${marks}) ORDER BY i.run_uuid, i.position`,
      [...runIds],
    );
    const tags = new Map<string, KeyValue[]>();
    if (rows.length > 0) {
      const tagRows = this.db.all<KeyValue & { input_uuid: string }>(
        `SELECT t.input_uuid, t.key, t.value FROM run_input_tags t JOIN run_dataset_inputs i ON i.input_uuid = t.input_uuid WHERE i.run_uuid IN (${marks}) ORDER BY t.input_uuid, t.key`,
        [...runIds],
      );
      for (const { input_uuid, key, value } of tagRows) tags.set(input_uuid, [...(tags.get(input_uuid) ?? []), { key, value }]);
    }
    for (const row of rows) out.get(row.run_uuid)!.datasetInputs.push(toInput(row, tags.get(row.input_uuid) ?? []));
    const models = this.db.all<{ run_uuid: string; model_id: string }>(`SELECT run_uuid, model_id FROM run_model_inputs WHERE run_uuid IN (${marks}) ORDER BY run_uuid, position`, [...runIds]);
    for (const m of models) out.get(m.run_uuid)!.modelInputs.push({ modelId: m.model_id });
    return out;
  }

  /** MLflow's SearchDatasets: the distinct datasets runs of the experiments read, with their context. */
  summaries(experimentIds: readonly number[]): { experimentId: string; name: string; digest: string; context?: string }[] {
    if (experimentIds.length === 0) return [];
    const rows = this.db.all<{ experiment_id: number; name: string; digest: string; context: string | null }>(
      `SELECT DISTINCT d.experiment_id, d.name, d.digest, g.value AS context
       FROM logged_datasets d JOIN run_dataset_inputs i ON i.dataset_uuid = d.dataset_uuid
       LEFT JOIN run_input_tags g ON g.input_uuid = i.input_uuid AND g.key = 'mlflow.data.context'
       WHERE d.experiment_id IN (${experimentIds.map(() => '?').join(', ')}) ORDER BY d.experiment_id, d.name, d.digest LIMIT 1000`,
      [...experimentIds],
    );
    return rows.map((r) => ({ experimentId: String(r.experiment_id), name: r.name, digest: r.digest, ...(r.context !== null && { context: r.context }) }));
  }

  private datasetId(experimentId: number, dataset: LoggedDataset): string {
    const existing = this.db.get<{ dataset_uuid: string }>('SELECT dataset_uuid FROM logged_datasets WHERE experiment_id = ? AND name = ? AND digest = ?', [experimentId, dataset.name, dataset.digest]);
    if (existing) return existing.dataset_uuid;
    const id = randomBytes(16).toString('hex');
    this.db.run('INSERT INTO logged_datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      experimentId,
      dataset.name,
      dataset.digest,
      dataset.sourceType,
      dataset.source,
      dataset.schema ?? null,
      dataset.profile ?? null,
    ]);
    return id;
  }
}

function toInput(row: InputRow, tags: KeyValue[]): DatasetInput {
  return {
    tags,
    dataset: {
      name: row.name,
      digest: row.digest,
      sourceType: row.source_type,
      source: row.source,
      ...(row.schema !== null && { schema: row.schema }),
      ...(row.profile !== null && { profile: row.profile }),
    },
    ...(row.data_path !== null && { dataVersion: { path: row.data_path, version: row.data_version ?? undefined, md5: row.data_md5 ?? undefined } }),
  };
}

/** Same name and digest in one request: the first one counts, as in MLflow. */
function dedupe(inputs: DatasetInput[]): DatasetInput[] {
  const seen = new Map<string, DatasetInput>();
  for (const input of inputs) {
    const key = JSON.stringify([input.dataset.name, input.dataset.digest]);
    if (!seen.has(key)) seen.set(key, input);
  }
  return [...seen.values()];
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${what} must be an object, got ${JSON.stringify(value)}.`);
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string, limit: number, required: boolean): string | undefined {
  if (value === undefined || value === null || (value === '' && required)) {
    if (required) throw invalid(`Dataset ${field} cannot be None`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: it must be a string.`);
  if (value.length > limit) throw invalid(`'${field}' exceeds the maximum length of ${limit} characters`);
  return value;
}

function parseDatasetInput(raw: unknown): DatasetInput {
  const input = record(raw, 'A dataset input');
  if (input.dataset === undefined || input.dataset === null) throw invalid('Dataset cannot be None');
  const d = record(input.dataset, 'A dataset');
  const tags = input.tags === undefined ? [] : input.tags;
  if (!Array.isArray(tags)) throw invalid(`Invalid value ${JSON.stringify(tags)} for parameter 'tags' supplied: it must be a list.`);
  const dataset: LoggedDataset = {
    name: text(d.name, 'name', DATASET_LIMITS.name, true)!,
    digest: text(d.digest, 'digest', DATASET_LIMITS.digest, true)!,
    sourceType: text(d.source_type, 'source_type', DATASET_LIMITS.source, true)!,
    source: text(d.source, 'source', DATASET_LIMITS.source, true)!,
  };
  const schema = text(d.schema, 'schema', DATASET_LIMITS.schema, false);
  const profile = text(d.profile, 'profile', DATASET_LIMITS.profile, false);
  return {
    dataset: { ...dataset, ...(schema !== undefined && { schema }), ...(profile !== undefined && { profile }) },
    tags: tags.map((t) => {
      const tag = record(t, 'An input tag');
      if (typeof tag.key !== 'string' || tag.key === '') throw invalid('InputTag key cannot be None');
      if (typeof tag.value !== 'string') throw invalid('InputTag value cannot be None');
      if (tag.key.length > DATASET_LIMITS.tagKey) throw invalid(`'key' exceeds the maximum length of ${DATASET_LIMITS.tagKey} characters`);
      if (tag.value.length > DATASET_LIMITS.tagValue) throw invalid(`'value' exceeds the maximum length of ${DATASET_LIMITS.tagValue} characters`);
      return { key: tag.key, value: tag.value };
    }),
  };
}

function parseModelInput(raw: unknown): string {
  const { model_id: modelId } = record(raw, 'A model input');
  if (typeof modelId !== 'string' || modelId === '') throw invalid("Missing value for required parameter 'models.model_id'. See the API docs for more information about request parameters.");
  return modelId;
}
