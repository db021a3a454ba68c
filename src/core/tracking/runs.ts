import { DomainError, invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import type { ExperimentRepository } from './experiments';
import { lifecycleClause, parseExperimentId } from './experiments';
import type { MetricRepository } from './metrics';
import { newRunId, randomRunName } from './names';
import type { RunInputRepository } from './run-inputs';
import { decodePageToken, encodePageToken } from './page-token';
import { loadRuns } from './run-loader';
import { parseFilter, parseOrderBy, searchRunRows } from './search';
import type { KeyValue, LifecycleStage, Page, Run, RunInfo, RunStatus, ViewType } from './types';
import { RUN_STATUSES } from './types';
import { LIMITS, validateKey, validateValue } from './validation';

export const RUN_NAME_TAG = 'mlflow.runName';

/** Runs created between two refreshes of the planner's statistics (besides the one at open). */
const STATISTICS_EVERY = 10_000;

interface RunRow {
  run_uuid: string;
  experiment_id: number;
  name: string;
  user_id: string;
  status: RunStatus;
  start_time: number | null;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface CreateRunInput {
  experimentId?: unknown;
  userId?: string;
  runName?: string;
  startTime?: number;
  tags?: KeyValue[];
}

export interface SearchRunsInput {
  experimentIds: string[];
  filter?: string;
  viewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

/** Runs with their params and tags; metrics live in MetricRepository. */
export class RunRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly experiments: ExperimentRepository,
    private readonly metrics: MetricRepository,
    private readonly inputs: RunInputRepository,
  ) {
    refreshStatistics(db);
  }

  private created = 0;

  /** Creates a RUNNING run; the caller holds the transaction. */
  create(input: CreateRunInput): RunInfo {
    const experiment = this.experiments.get(input.experimentId ?? '0');
    if (experiment.lifecycleStage !== 'active') {
      throw new DomainError('INVALID_STATE', `The experiment ${experiment.experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`);
    }
    const tags = input.tags ?? [];
    const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (input.runName && tagName && input.runName !== tagName) {
      throw invalid(`Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${input.runName}', mlflow.runName='${tagName}').`);
    }
    const runName = input.runName || tagName || randomRunName();
    if (runName.length > LIMITS.maxRunNameLength) throw invalid(`Run name exceeds the maximum length of ${LIMITS.maxRunNameLength}`);
    const runId = newRunId();
    const artifactUri = `${experiment.artifactLocation.replace(/\/+$/, '')}/${runId}/artifacts`;
    this.db.run('INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, artifact_uri) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      runId,
      Number(experiment.experimentId),
      runName,
      input.userId ?? '',
      'RUNNING',
      input.startTime ?? Date.now(),
      artifactUri,
    ]);
    for (const tag of tags) this.setTag(runId, tag.key, tag.value);
    this.setTag(runId, RUN_NAME_TAG, runName);
    if (++this.created % STATISTICS_EVERY === 0) refreshStatistics(this.db);
    return this.info(runId);
  }

  info(runId: unknown): RunInfo {
    const row = this.row(runId);
    return toInfo(row);
  }

  get(runId: unknown): Run {
    return loadRuns(this.db, this.metrics, this.inputs, [this.info(runId)])[0]!;
  }

  update(runId: unknown, changes: { status?: unknown; endTime?: number; runName?: unknown }): RunInfo {
    const info = this.info(runId);
    if (changes.status !== undefined && !RUN_STATUSES.includes(changes.status as RunStatus)) {
      throw invalid(`Invalid value ${JSON.stringify(changes.status)} for parameter 'status' supplied. Use one of ${RUN_STATUSES.join(', ')}.`);
    }
    const status = (changes.status as RunStatus | undefined) ?? info.status;
    const endTime = changes.endTime ?? (status !== 'RUNNING' && status !== 'SCHEDULED' && info.endTime === null && changes.status !== undefined ? Date.now() : info.endTime);
    const name = typeof changes.runName === 'string' && changes.runName !== '' ? changes.runName : info.runName;
    this.db.run('UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?', [status, endTime, name, info.runId]);
    if (name !== info.runName) this.setTag(info.runId, RUN_NAME_TAG, name);
    return { ...info, status, endTime, runName: name };
  }

  setLifecycle(runId: unknown, stage: LifecycleStage): RunInfo {
    const info = this.info(runId);
    this.db.run('UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?', [stage, stage === 'deleted' ? Date.now() : null, info.runId]);
    return { ...info, lifecycleStage: stage };
  }

  /** A param is immutable: logging it again with another value is INVALID_PARAMETER_VALUE. */
  logParams(runId: string, params: readonly { key: unknown; value: unknown }[]): void {
    for (const p of params) {
      const key = validateKey('param', p.key);
      const value = validateValue('param', key, p.value);
      const existing = this.db.get<{ value: string }>('SELECT value FROM params WHERE run_uuid = ? AND key = ?', [runId, key]);
      if (existing && existing.value !== value) {
        throw invalid(
          `Changing param values is not allowed. Param with key='${key}' was already logged with value='${existing.value}' for run ID='${runId}'. Attempted logging new value '${value}'.`,
        );
      }
      if (!existing) this.db.run('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)', [runId, key, value]);
    }
  }

  setTag(runId: string, key: unknown, value: unknown): void {
    const k = validateKey('tag', key);
    const v = validateValue('tag', k, value);
    this.db.run('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT(run_uuid, key) DO UPDATE SET value = excluded.value', [runId, k, v]);
    if (k === RUN_NAME_TAG) this.db.run('UPDATE runs SET name = ? WHERE run_uuid = ?', [v, runId]);
  }

  deleteTag(runId: string, key: unknown): void {
    const k = validateKey('tag', key);
    const { changes } = this.db.run('DELETE FROM tags WHERE run_uuid = ? AND key = ?', [runId, k]);
    if (changes === 0) throw notFound(`No tag with name: ${k} in run with id ${runId}`);
  }

  /** An active run, for writes: MLflow refuses to log to deleted runs. */
  activeRunId(runId: unknown): string {
    const info = this.info(runId);
    if (info.lifecycleStage !== 'active') {
      throw new DomainError('INVALID_STATE', `The run ${info.runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
    }
    return info.runId;
  }

  search(input: SearchRunsInput): Page<Run> {
    const max = input.maxResults ?? LIMITS.defaultSearchResults;
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.maxSearchResults) {
      throw invalid(`Invalid value ${max} for parameter 'max_results' supplied. It must be at most ${LIMITS.maxSearchResults}.`);
    }
    const ids = input.experimentIds.map((id) => parseExperimentId(id));
    if (ids.length === 0) return { items: [] };
    const offset = decodePageToken(input.pageToken);
    const rows = searchRunRows<RunRow>(this.db, {
      experimentIds: ids,
      lifecycle: lifecycleClause(input.viewType ?? 'ACTIVE_ONLY', 'r.lifecycle_stage'),
      filter: parseFilter(input.filter ?? ''),
      orderBy: parseOrderBy(input.orderBy ?? []),
      offset,
      limit: max + 1,
    });
    const items = loadRuns(this.db, this.metrics, this.inputs, rows.slice(0, max).map(toInfo));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  /** Runs left RUNNING by a runtime that died: FAILED now, keeping all they logged. */
  failOrphans(now = Date.now()): string[] {
    const ids = this.db.all<{ run_uuid: string }>("SELECT run_uuid FROM runs WHERE status = 'RUNNING'").map((r) => r.run_uuid);
    for (const id of ids) this.db.run("UPDATE runs SET status = 'FAILED', end_time = coalesce(end_time, ?) WHERE run_uuid = ?", [now, id]);
    return ids;
  }

  private row(runId: unknown): RunRow {
    if (typeof runId !== 'string' || runId === '') throw invalid("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
    const row = this.db.get<RunRow>('SELECT * FROM runs WHERE run_uuid = ?', [runId]);
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row;
  }
}

function toInfo(row: RunRow): RunInfo {
  return {
    runId: row.run_uuid,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status,
    startTime: row.start_time,
    endTime: row.end_time,
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage,
  };
}

/**
 * Keeps SQLite's statistics current for the planner: `PRAGMA optimize` analyzes the tables never
 * analyzed or grown much since (1,000 rows an index: about a millisecond at 1M runs, nothing when
 * nothing changed). The search's plans do not depend on it; other queries' choices do.
 */
function refreshStatistics(db: SqlDriver): void {
  try {
    db.exec('PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002');
  } catch {
    // A busy or read-only store keeps its old statistics: they only guide the planner.
  }
}
