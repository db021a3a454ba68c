import { randomBytes } from 'node:crypto';
import { invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import { transaction } from '../store';
import type { ExperimentRepository } from './experiments';
import { parseExperimentId } from './experiments';
import { decodePageToken, encodePageToken } from './page-token';
import type { KeyValue, Page } from './types';
import { LIMITS, validateKey, validateValue } from './validation';

export const LOGGED_MODEL_STATUSES = ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'] as const;
export type LoggedModelStatus = (typeof LOGGED_MODEL_STATUSES)[number];

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactUri: string;
  status: LoggedModelStatus;
  statusMessage: string | null;
  modelType: string | null;
  sourceRunId: string | null;
  creationTime: number;
  lastUpdateTime: number;
  tags: KeyValue[];
  params: KeyValue[];
}

interface Row {
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_uri: string;
  status: LoggedModelStatus;
  status_message: string | null;
  model_type: string | null;
  source_run_id: string | null;
  creation_time: number;
  last_update_time: number;
}

/** MLflow 3 LoggedModels: created pending, artifacts uploaded to their own location, then finalized. */
export class LoggedModelRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly experiments: ExperimentRepository,
  ) {}

  create(input: { experimentId: unknown; name?: string; modelType?: string; sourceRunId?: string; params?: KeyValue[]; tags?: KeyValue[] }): LoggedModel {
    const experiment = this.experiments.get(input.experimentId);
    const modelId = `m-${randomBytes(16).toString('hex')}`;
    const now = Date.now();
    if (input.sourceRunId && !this.db.get('SELECT 1 FROM runs WHERE run_uuid = ?', [input.sourceRunId])) throw notFound(`Run with id=${input.sourceRunId} not found`);
    transaction(this.db, () => {
      this.db.run(
        'INSERT INTO logged_models (model_id, experiment_id, name, artifact_uri, status, model_type, source_run_id, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [modelId, Number(experiment.experimentId), input.name || modelId, `${experiment.artifactLocation.replace(/\/+$/, '')}/models/${modelId}/artifacts`, 'LOGGED_MODEL_PENDING', input.modelType ?? null, input.sourceRunId ?? null, now, now],
      );
      this.setTags(modelId, input.tags ?? []);
      this.logParams(modelId, input.params ?? []);
    });
    return this.get(modelId);
  }

  get(modelId: unknown): LoggedModel {
    if (typeof modelId !== 'string' || modelId === '') throw invalid("Missing value for required parameter 'model_id'.");
    const row = this.db.get<Row>("SELECT * FROM logged_models WHERE model_id = ? AND lifecycle_stage = 'active'", [modelId]);
    if (!row) throw notFound(`Logged model with ID '${modelId}' not found.`);
    return {
      modelId: row.model_id,
      experimentId: String(row.experiment_id),
      name: row.name,
      artifactUri: row.artifact_uri,
      status: row.status,
      statusMessage: row.status_message,
      modelType: row.model_type,
      sourceRunId: row.source_run_id,
      creationTime: row.creation_time,
      lastUpdateTime: row.last_update_time,
      tags: this.db.all<KeyValue>('SELECT key, value FROM logged_model_tags WHERE model_id = ? ORDER BY key', [modelId]),
      params: this.db.all<KeyValue>('SELECT key, value FROM logged_model_params WHERE model_id = ? ORDER BY key', [modelId]),
    };
  }

  finalize(modelId: unknown, status: unknown): LoggedModel {
    const model = this.get(modelId);
    if (!LOGGED_MODEL_STATUSES.includes(status as LoggedModelStatus)) throw invalid(`Invalid value ${JSON.stringify(status)} for parameter 'status'. Use one of ${LOGGED_MODEL_STATUSES.join(', ')}.`);
    this.db.run('UPDATE logged_models SET status = ?, last_update_time = ? WHERE model_id = ?', [status as string, Date.now(), model.modelId]);
    return this.get(model.modelId);
  }

  delete(modelId: unknown): void {
    const model = this.get(modelId);
    this.db.run("UPDATE logged_models SET lifecycle_stage = 'deleted', last_update_time = ? WHERE model_id = ?", [Date.now(), model.modelId]);
  }

  setTags(modelId: string, tags: KeyValue[]): void {
    for (const tag of tags) {
      const key = validateKey('tag', tag.key);
      const value = validateValue('tag', key, tag.value);
      this.db.run('INSERT INTO logged_model_tags (model_id, key, value) VALUES (?, ?, ?) ON CONFLICT(model_id, key) DO UPDATE SET value = excluded.value', [modelId, key, value]);
    }
  }

  deleteTag(modelId: unknown, key: unknown): void {
    const model = this.get(modelId);
    const { changes } = this.db.run('DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?', [model.modelId, String(key)]);
    if (changes === 0) throw notFound(`No tag with key '${String(key)}' on logged model '${model.modelId}'.`);
  }

  logParams(modelId: string, params: KeyValue[]): void {
    for (const p of params) {
      const key = validateKey('param', p.key);
      const value = validateValue('param', key, p.value);
      this.db.run('INSERT INTO logged_model_params (model_id, key, value) VALUES (?, ?, ?) ON CONFLICT(model_id, key) DO UPDATE SET value = excluded.value', [modelId, key, value]);
    }
  }

  /** Models of the experiments, newest first; `filter` supports `name = '…'` and `source_run_id = '…'`. */
  search(input: { experimentIds: string[]; filter?: string; maxResults?: number; pageToken?: string }): Page<LoggedModel> {
    const max = input.maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.maxSearchResults) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
    const ids = input.experimentIds.map((id) => parseExperimentId(id));
    if (ids.length === 0) throw invalid("Missing value for required parameter 'experiment_ids'.");
    const where = [`experiment_id IN (${ids.map(() => '?').join(',')})`, "lifecycle_stage = 'active'"];
    const params: (string | number)[] = [...ids];
    if (input.filter?.trim()) {
      const match = /^\s*(name|source_run_id|model_type)\s*=\s*(['"])(.*)\2\s*$/i.exec(input.filter);
      if (!match) throw invalid(`Invalid filter '${input.filter}': logged models can be filtered by name, source_run_id or model_type with =.`);
      where.push(`${match[1]!.toLowerCase()} = ?`);
      params.push(match[3]!);
    }
    const offset = decodePageToken(input.pageToken);
    const rows = this.db.all<{ model_id: string }>(`SELECT model_id FROM logged_models WHERE ${where.join(' AND ')} ORDER BY creation_time DESC, model_id LIMIT ? OFFSET ?`, [...params, max + 1, offset]);
    const items = rows.slice(0, max).map((r) => this.get(r.model_id));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  /** Records models as outputs of a run (MLflow's LogOutputs). */
  logOutputs(runId: string, models: { modelId: unknown; step?: number }[]): void {
    for (const m of models) {
      const model = this.get(m.modelId);
      this.db.run('INSERT INTO run_outputs (run_uuid, model_id, step) VALUES (?, ?, ?) ON CONFLICT(run_uuid, model_id) DO UPDATE SET step = excluded.step', [runId, model.modelId, m.step ?? 0]);
    }
  }

  outputsOf(runId: string): { modelId: string; step: number }[] {
    return this.db.all<{ model_id: string; step: number }>('SELECT model_id, step FROM run_outputs WHERE run_uuid = ? ORDER BY model_id', [runId]).map((r) => ({ modelId: r.model_id, step: r.step }));
  }
}
