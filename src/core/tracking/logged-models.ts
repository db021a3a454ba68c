import { randomBytes } from 'node:crypto';
import { invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import { transaction } from '../store';
import type { ExperimentRepository } from './experiments';
import { parseExperimentId } from './experiments';
import { loggedModelCondition, loggedModelOrder } from './logged-model-search';
import type { DatasetFilter, LoggedModelOrder } from './logged-model-search';
import { decodePageToken, encodePageToken } from './page-token';
import type { KeyValue, Metric, ModelMetric, Page } from './types';
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
  metrics: ModelMetric[];
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
      metrics: this.metricsOf(modelId),
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

  /** Models of the experiments, newest first unless ordered; `filter` in MLflow's grammar (attributes, params.*, metrics.*, tags.*). */
  search(input: { experimentIds: string[]; filter?: string; datasets?: DatasetFilter[]; orderBy?: LoggedModelOrder[]; maxResults?: number; pageToken?: string }): Page<LoggedModel> {
    const max = input.maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.maxSearchResults) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
    const ids = input.experimentIds.map((id) => parseExperimentId(id));
    if (ids.length === 0) throw invalid("Missing value for required parameter 'experiment_ids'.");
    const where = loggedModelCondition(input.filter, input.datasets ?? []);
    const order = loggedModelOrder(input.orderBy ?? []);
    const offset = decodePageToken(input.pageToken);
    const rows = this.db.all<{ model_id: string }>(
      `SELECT m.model_id FROM logged_models m WHERE m.experiment_id IN (${ids.map(() => '?').join(',')}) AND m.lifecycle_stage = 'active' AND (${where.sql}) ORDER BY ${order.sql} LIMIT ? OFFSET ?`,
      [...ids, ...where.params, ...order.params, max + 1, offset],
    );
    const items = rows.slice(0, max).map((r) => this.get(r.model_id));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  /** Keeps the points logged with a model_id on that model too (MLflow 3); the same point twice is kept once. */
  logMetrics(runId: string, metrics: readonly Metric[]): void {
    for (const m of metrics) {
      if (!m.modelId) continue;
      if (!this.db.get('SELECT 1 FROM logged_models WHERE model_id = ?', [m.modelId])) throw notFound(`Logged model with ID '${m.modelId}' not found.`);
      const isNan = Number.isNaN(m.value);
      this.db.run(
        'INSERT OR IGNORE INTO logged_model_metrics (model_id, key, value, is_nan, timestamp, step, run_uuid, dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [m.modelId, m.key, isNan ? null : m.value, isNan ? 1 : 0, m.timestamp, m.step, runId, m.datasetName ?? null, m.datasetDigest ?? null],
      );
    }
  }

  metricsOf(modelId: string): ModelMetric[] {
    const rows = this.db.all<{ key: string; value: number | null; is_nan: number; timestamp: number; step: number; run_uuid: string | null; dataset_name: string | null; dataset_digest: string | null }>(
      'SELECT key, value, is_nan, timestamp, step, run_uuid, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ? ORDER BY key, step, timestamp',
      [modelId],
    );
    return rows.map((r) => ({
      key: r.key,
      value: r.is_nan ? NaN : (r.value ?? NaN),
      timestamp: r.timestamp,
      step: r.step,
      runId: r.run_uuid,
      modelId,
      ...(r.dataset_name !== null && { datasetName: r.dataset_name }),
      ...(r.dataset_digest !== null && { datasetDigest: r.dataset_digest }),
    }));
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
