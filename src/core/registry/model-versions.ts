import { notFound } from '../errors';
import type { OnnxSignature } from '../models';
import type { SqlDriver } from '../store';
import type { KeyValue, Page } from '../tracking';
import { decodePageToken, encodePageToken } from '../tracking';
import type { AliasRepository } from './aliases';
import type { StoredCopy } from './owned-copies';
import { NUMBER_OPERATORS, STRING_OPERATORS, compileRegistryFilter, compileRegistryOrderBy } from './search-filter';
import type { DataVersionRef, ModelVersion, SearchInput, Stage } from './types';
import { REGISTRY_LIMITS, checkMaxResults, validateTag } from './validation';

interface VersionRow {
  name: string;
  version: number;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string | null;
  user_id: string | null;
  current_stage: Stage;
  source: string;
  run_id: string | null;
  run_link: string | null;
  status: ModelVersion['status'];
  status_message: string | null;
  storage_location: string | null;
  model_file: string | null;
  git_commit: string | null;
  data_versions: string | null;
  signature: string | null;
  size: number | null;
  md5: string | null;
  sha256: string | null;
  validation: string | null;
  model_id: string | null;
  unavailable_reason: string | null;
}

/** What a new version records; `version` comes from nextNumber in the same transaction. */
export type NewVersion = Pick<
  ModelVersion,
  | 'name'
  | 'version'
  | 'source'
  | 'runId'
  | 'runLink'
  | 'description'
  | 'userId'
  | 'storageLocation'
  | 'modelFile'
  | 'gitCommit'
  | 'dataVersions'
  | 'signature'
  | 'size'
  | 'md5'
  | 'sha256'
  | 'tags'
  | 'modelId'
  | 'unavailableReason'
>;

const FILTER = {
  attributes: {
    name: { column: 'v.name', operators: STRING_OPERATORS },
    run_id: { column: 'v.run_id', operators: [...STRING_OPERATORS, 'IN', 'NOT IN'] },
    source_path: { column: 'v.source', operators: STRING_OPERATORS },
    version_number: { column: 'v.version', numeric: true, operators: [...NUMBER_OPERATORS, 'IN', 'NOT IN'] },
  },
  tagCondition: 'EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.key = ? AND {value})',
  // As MLflow's server: a model any of whose versions is a prompt version is a prompt.
  promptCondition: "EXISTS (SELECT 1 FROM model_version_tags p WHERE p.name = v.name AND p.key = ? AND p.value = 'true')",
};

const ORDER_COLUMNS = { name: 'v.name', version_number: 'v.version', creation_timestamp: 'v.creation_timestamp', last_updated_timestamp: 'v.last_updated_timestamp', timestamp: 'v.last_updated_timestamp' };
const DEFAULT_ORDER = ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC'];

/** Versions of registered models, with their tags; the caller holds write transactions. */
export class ModelVersionRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly aliases: AliasRepository,
  ) {}

  /** The number the model's next version gets: never one used before, even by a deleted version. */
  nextNumber(name: string): number {
    const model = this.db.get<{ next_version: number }>('SELECT next_version FROM registered_models WHERE name = ?', [name]);
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model.next_version;
  }

  insert(input: NewVersion, now = Date.now()): void {
    this.db.run('UPDATE registered_models SET next_version = max(next_version, ?), last_updated_timestamp = ? WHERE name = ?', [input.version + 1, now, input.name]);
    this.db.run(
      `INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, user_id, source, run_id, run_link,
         storage_location, model_file, git_commit, data_versions, signature, size, md5, sha256, model_id, unavailable_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        input.name, input.version, now, now, input.description, input.userId, input.source, input.runId, input.runLink,
        input.storageLocation, input.modelFile, input.gitCommit, JSON.stringify(input.dataVersions),
        input.signature ? JSON.stringify(input.signature) : null, input.size, input.md5, input.sha256, input.modelId, input.unavailableReason,
      ],
    );
    for (const tag of input.tags) this.setTag(input.name, input.version, tag.key, tag.value);
  }

  get(name: string, version: number): ModelVersion {
    const row = this.db.get<VersionRow>('SELECT * FROM model_versions WHERE name = ? AND version = ?', [name, version]);
    if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return this.toVersion(row);
  }

  exists(name: string, version: number): boolean {
    return this.db.get('SELECT 1 FROM model_versions WHERE name = ? AND version = ?', [name, version]) !== undefined;
  }

  /** The highest version in each stage (of `stages`, or all), by version. */
  latest(name: string, stages?: readonly Stage[]): ModelVersion[] {
    const rows = this.db.all<VersionRow>(
      'SELECT v.* FROM model_versions v WHERE v.name = ? AND v.version = (SELECT max(w.version) FROM model_versions w WHERE w.name = v.name AND w.current_stage = v.current_stage) ORDER BY v.version',
      [name],
    );
    return rows.filter((r) => !stages || stages.length === 0 || stages.includes(r.current_stage)).map((r) => this.toVersion(r));
  }

  /** What a model's versions (all of them, or one) store: folder and copied file. */
  storageOf(name: string, version?: number): StoredCopy[] {
    const rows = version === undefined
      ? this.db.all<{ storage_location: string | null; model_file: string | null }>('SELECT storage_location, model_file FROM model_versions WHERE name = ?', [name])
      : this.db.all<{ storage_location: string | null; model_file: string | null }>('SELECT storage_location, model_file FROM model_versions WHERE name = ? AND version = ?', [name, version]);
    return rows.map((r) => ({ storageLocation: r.storage_location, modelFile: r.model_file }));
  }

  /** Every version's storage folder, across models. */
  allStorageLocations(): string[] {
    return this.db.all<{ storage_location: string }>('SELECT storage_location FROM model_versions WHERE storage_location IS NOT NULL').map((r) => r.storage_location);
  }

  updateDescription(name: string, version: number, description: string | null, now = Date.now()): void {
    this.get(name, version);
    this.db.run('UPDATE model_versions SET description = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?', [description, now, name, version]);
  }

  /** Moves a version to `stage`; with `archiveExisting`, the others in that stage become Archived. */
  transition(name: string, version: number, stage: Stage, archiveExisting: boolean, now = Date.now()): number[] {
    this.get(name, version);
    const archived = archiveExisting
      ? this.db.all<{ version: number }>('SELECT version FROM model_versions WHERE name = ? AND version != ? AND current_stage = ?', [name, version, stage]).map((r) => r.version)
      : [];
    for (const other of archived) this.db.run("UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = ? WHERE name = ? AND version = ?", [now, name, other]);
    this.db.run('UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?', [stage, now, name, version]);
    this.db.run('UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?', [now, name]);
    return archived;
  }

  /** Deletes a version; its tags and the aliases pointing at it go with it. */
  delete(name: string, version: number, now = Date.now()): void {
    this.get(name, version);
    this.db.run('DELETE FROM model_versions WHERE name = ? AND version = ?', [name, version]);
    this.db.run('UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?', [now, name]);
  }

  setTag(name: string, version: number, key: unknown, value: unknown): void {
    const tag = validateTag(key, value);
    this.db.run('INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?) ON CONFLICT(name, version, key) DO UPDATE SET value = excluded.value', [
      name,
      version,
      tag.key,
      tag.value,
    ]);
  }

  /** A missing tag is no error, as in MLflow. */
  deleteTag(name: string, version: number, key: string): void {
    this.db.run('DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?', [name, version, key]);
  }

  search(input: SearchInput): Page<ModelVersion> {
    const max = checkMaxResults(input.maxResults, REGISTRY_LIMITS.defaultVersionResults, REGISTRY_LIMITS.maxVersionResults);
    const where = compileRegistryFilter(input.filter, FILTER);
    const orderBy = input.orderBy && input.orderBy.length > 0 ? input.orderBy : DEFAULT_ORDER;
    const order = compileRegistryOrderBy(orderBy, ORDER_COLUMNS, [['v.name', 'ASC'], ['v.version', 'DESC']]);
    const offset = decodePageToken(input.pageToken);
    const rows = this.db.all<VersionRow>(`SELECT v.* FROM model_versions v WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, max + 1, offset]);
    const items = rows.slice(0, max).map((r) => this.toVersion(r));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  private toVersion(row: VersionRow): ModelVersion {
    return {
      name: row.name,
      version: row.version,
      creationTimestamp: row.creation_timestamp,
      lastUpdatedTimestamp: row.last_updated_timestamp,
      description: row.description,
      userId: row.user_id,
      currentStage: row.current_stage,
      source: row.source,
      runId: row.run_id,
      runLink: row.run_link,
      status: row.status,
      statusMessage: row.status_message,
      storageLocation: row.storage_location,
      modelFile: row.model_file,
      gitCommit: row.git_commit,
      dataVersions: row.data_versions ? (JSON.parse(row.data_versions) as DataVersionRef[]) : [],
      signature: row.signature ? (JSON.parse(row.signature) as OnnxSignature) : null,
      size: row.size,
      md5: row.md5,
      sha256: row.sha256,
      validation: row.validation ? (JSON.parse(row.validation) as unknown) : null,
      modelId: row.model_id,
      unavailableReason: row.unavailable_reason,
      tags: this.db.all<KeyValue>('SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key', [row.name, row.version]),
      aliases: this.aliases.ofVersion(row.name, row.version),
    };
  }
}
