import { DomainError, alreadyExists, invalid, notFound } from '../errors';
import type { SqlDriver } from '../store';
import { transaction } from '../store';
import type { Experiment, KeyValue, LifecycleStage, Page, ViewType } from './types';
import { LIMITS, validateKey, validateValue } from './validation';
import { decodePageToken, encodePageToken } from './page-token';
import { EXPERIMENT_GRAMMAR, compileFilter, compileOrderBy, parseFilter, parseOrderBy } from './search';
import type { SearchTarget } from './search';

interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number;
  last_update_time: number;
}

export const DEFAULT_EXPERIMENT_ID = '0';

/** Experiments and their tags. Ids are decimal strings on the wire, integers in the table. */
export class ExperimentRepository {
  constructor(private readonly db: SqlDriver) {}

  create(name: unknown, artifactLocation: string | undefined, tags: KeyValue[] = [], now = Date.now()): string {
    if (typeof name !== 'string' || name.trim() === '') throw invalid("Invalid experiment name: ''. An experiment name must be a non-empty string.");
    if (name.length > LIMITS.maxExperimentNameLength) throw invalid(`Experiment name exceeds the maximum length of ${LIMITS.maxExperimentNameLength}`);
    return transaction(this.db, () => {
      const existing = this.db.get<{ lifecycle_stage: string }>('SELECT lifecycle_stage FROM experiments WHERE name = ?', [name]);
      if (existing) {
        throw alreadyExists(
          existing.lifecycle_stage === 'deleted'
            ? `Experiment '${name}' already exists in deleted state. Restore it or permanently delete it before creating a new one with that name.`
            : `Experiment '${name}' already exists.`,
        );
      }
      const id = (this.db.get<{ id: number }>('SELECT coalesce(max(experiment_id), 0) + 1 AS id FROM experiments')?.id ?? 1).toString();
      this.db.run('INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)', [
        Number(id),
        name,
        artifactLocation || `mlflow-artifacts:/${id}`,
        now,
        now,
      ]);
      for (const tag of tags) this.setTag(id, tag.key, tag.value);
      return id;
    });
  }

  get(experimentId: unknown): Experiment {
    const id = parseExperimentId(experimentId);
    const row = this.db.get<ExperimentRow>('SELECT * FROM experiments WHERE experiment_id = ?', [id]);
    if (!row) throw notFound(`No Experiment with id=${String(experimentId)} exists`);
    return this.withTags(row);
  }

  getByName(name: unknown): Experiment {
    if (typeof name !== 'string') throw invalid("Missing value for required parameter 'experiment_name'");
    const row = this.db.get<ExperimentRow>('SELECT * FROM experiments WHERE name = ?', [name]);
    if (!row) throw notFound(`Could not find experiment with name '${name}'`);
    return this.withTags(row);
  }

  /** Experiments by view type, newest first; `filter` and `order_by` in MLflow's grammar (name, times, tags.*). */
  search(options: { viewType?: ViewType; maxResults?: number; pageToken?: string; filter?: string; orderBy?: string[] }): Page<Experiment> {
    const max = options.maxResults ?? LIMITS.defaultSearchResults;
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.maxSearchResults) {
      throw invalid(`Invalid value ${max} for parameter 'max_results' supplied. It must be at most ${LIMITS.maxSearchResults}.`);
    }
    const offset = decodePageToken(options.pageToken);
    const filter = compileFilter(parseFilter(options.filter, EXPERIMENT_GRAMMAR), EXPERIMENT_TARGET);
    const order = compileOrderBy(parseOrderBy(options.orderBy, EXPERIMENT_GRAMMAR), EXPERIMENT_TARGET);
    const rows = this.db.all<ExperimentRow>(
      `SELECT e.* FROM experiments e WHERE ${lifecycleClause(options.viewType ?? 'ACTIVE_ONLY', 'e.lifecycle_stage')} AND (${filter.sql}) ORDER BY ${order.sql} LIMIT ? OFFSET ?`,
      [...filter.params, ...order.params, max + 1, offset],
    );
    const items = rows.slice(0, max).map((row) => this.withTags(row));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  rename(experimentId: unknown, newName: unknown): void {
    const experiment = this.get(experimentId);
    if (typeof newName !== 'string' || newName.trim() === '') throw invalid("Missing value for required parameter 'new_name'");
    if (experiment.lifecycleStage !== 'active') throw new DomainError('INVALID_STATE', `Cannot rename a non-active experiment (id ${experiment.experimentId}).`);
    const clash = this.db.get('SELECT 1 FROM experiments WHERE name = ? AND experiment_id != ?', [newName, Number(experiment.experimentId)]);
    if (clash) throw alreadyExists(`Experiment '${newName}' already exists.`);
    this.db.run('UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?', [newName, Date.now(), Number(experiment.experimentId)]);
  }

  setLifecycle(experimentId: unknown, stage: LifecycleStage): Experiment {
    const experiment = this.get(experimentId);
    if (stage === 'deleted' && experiment.experimentId === DEFAULT_EXPERIMENT_ID) {
      throw invalid('Cannot delete the default experiment 0. This is an internally reserved experiment.');
    }
    transaction(this.db, () => {
      this.db.run('UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?', [stage, Date.now(), Number(experiment.experimentId)]);
      this.db.run('UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?', [stage, stage === 'deleted' ? Date.now() : null, Number(experiment.experimentId)]);
    });
    return { ...experiment, lifecycleStage: stage };
  }

  setTag(experimentId: unknown, key: unknown, value: unknown): void {
    const experiment = this.get(experimentId);
    const k = validateKey('tag', key);
    const v = validateValue('experiment tag', k, value);
    this.db.run('INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?) ON CONFLICT(experiment_id, key) DO UPDATE SET value = excluded.value', [
      Number(experiment.experimentId),
      k,
      v,
    ]);
  }

  /** As MLflow: the experiment must be active and hold the tag. */
  deleteTag(experimentId: unknown, key: unknown): void {
    const experiment = this.get(experimentId);
    if (experiment.lifecycleStage !== 'active') throw invalid(`The experiment ${experiment.experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`);
    const k = validateKey('tag', key);
    const { changes } = this.db.run('DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?', [Number(experiment.experimentId), k]);
    if (changes === 0) throw notFound(`No tag with name: ${k} in experiment with id ${experiment.experimentId}`);
  }

  private withTags(row: ExperimentRow): Experiment {
    const tags = this.db.all<KeyValue>('SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key', [row.experiment_id]);
    return {
      experimentId: String(row.experiment_id),
      name: row.name,
      artifactLocation: row.artifact_location,
      lifecycleStage: row.lifecycle_stage,
      creationTime: row.creation_time,
      lastUpdateTime: row.last_update_time,
      tags,
    };
  }
}

export function parseExperimentId(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
    if (text === undefined || text === '') throw invalid("Missing value for required parameter 'experiment_id'");
    throw notFound(`No Experiment with id=${String(value)} exists`);
  }
  return Number(text);
}

export function lifecycleClause(view: ViewType, column = 'lifecycle_stage'): string {
  if (view === 'ALL') return '1';
  return view === 'DELETED_ONLY' ? `${column} = 'deleted'` : `${column} = 'active'`;
}

/** `SELECT ... FROM experiments e`: the experiment search. */
const EXPERIMENT_COLUMNS = { name: 'e.name', creation_time: 'e.creation_time', last_update_time: 'e.last_update_time', experiment_id: 'e.experiment_id' };
const EXPERIMENT_TARGET: SearchTarget = {
  filterColumns: { ...EXPERIMENT_COLUMNS, experiment_id: 'CAST(e.experiment_id AS TEXT)' },
  orderColumns: EXPERIMENT_COLUMNS,
  values: { tag: '(SELECT t.value FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ?)' },
  tieBreakers: 'e.creation_time DESC, e.experiment_id ASC',
};
