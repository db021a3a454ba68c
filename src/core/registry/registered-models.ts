import { alreadyExists, notFound } from '../errors';
import type { SqlDriver } from '../store';
import type { KeyValue, Page } from '../tracking';
import { decodePageToken, encodePageToken } from '../tracking';
import type { AliasRepository } from './aliases';
import type { ModelVersionRepository } from './model-versions';
import { STRING_OPERATORS, compileRegistryFilter, compileRegistryOrderBy } from './search-filter';
import type { RegisteredModel, SearchInput } from './types';
import { REGISTRY_LIMITS, checkMaxResults, validateTag } from './validation';

interface ModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string | null;
}

const FILTER = {
  attributes: { name: { column: 'm.name', operators: STRING_OPERATORS } },
  tagCondition: 'EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = ? AND {value})',
  promptCondition: "EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.name = m.name AND p.key = ? AND p.value = 'true')",
};

const ORDER_COLUMNS = { name: 'm.name', timestamp: 'm.last_updated_timestamp', last_updated_timestamp: 'm.last_updated_timestamp', creation_timestamp: 'm.creation_timestamp' };

/** Registered models and their tags; the caller holds write transactions. */
export class RegisteredModelRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly versions: ModelVersionRepository,
    private readonly aliases: AliasRepository,
  ) {}

  create(name: string, tags: KeyValue[], description: string | null, now = Date.now()): void {
    const checked = tags.map((t) => validateTag(t.key, t.value));
    if (this.exists(name)) throw alreadyExists(`Registered Model (name=${name}) already exists.`);
    this.db.run('INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp, description) VALUES (?, ?, ?, ?)', [name, now, now, description]);
    for (const tag of checked) this.setTag(name, tag.key, tag.value);
  }

  exists(name: string): boolean {
    return this.db.get('SELECT 1 FROM registered_models WHERE name = ?', [name]) !== undefined;
  }

  /** Throws RESOURCE_DOES_NOT_EXIST unless the model exists. */
  require(name: string): void {
    if (!this.exists(name)) throw notFound(`Registered Model with name=${name} not found`);
  }

  get(name: string): RegisteredModel {
    const row = this.db.get<ModelRow>('SELECT * FROM registered_models WHERE name = ?', [name]);
    if (!row) throw notFound(`Registered Model with name=${name} not found`);
    return this.toModel(row);
  }

  updateDescription(name: string, description: string | null, now = Date.now()): void {
    this.require(name);
    this.db.run('UPDATE registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?', [description, now, name]);
  }

  /** Renames the model; versions, tags and aliases follow (ON UPDATE CASCADE). */
  rename(name: string, newName: string, now = Date.now()): void {
    this.require(name);
    if (newName !== name && this.exists(newName)) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
    this.db.run('UPDATE registered_models SET name = ?, last_updated_timestamp = ? WHERE name = ?', [newName, now, name]);
    this.db.run('UPDATE model_versions SET last_updated_timestamp = ? WHERE name = ?', [now, newName]);
  }

  /** Deletes the model with its versions, tags and aliases (ON DELETE CASCADE). */
  delete(name: string): void {
    this.require(name);
    this.db.run('DELETE FROM registered_models WHERE name = ?', [name]);
  }

  setTag(name: string, key: unknown, value: unknown): void {
    const tag = validateTag(key, value);
    this.db.run('INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?) ON CONFLICT(name, key) DO UPDATE SET value = excluded.value', [name, tag.key, tag.value]);
  }

  /** A missing tag is no error, as in MLflow. */
  deleteTag(name: string, key: string): void {
    this.db.run('DELETE FROM registered_model_tags WHERE name = ? AND key = ?', [name, key]);
  }

  search(input: SearchInput): Page<RegisteredModel> {
    const max = checkMaxResults(input.maxResults, REGISTRY_LIMITS.defaultModelResults, REGISTRY_LIMITS.maxModelResults);
    const where = compileRegistryFilter(input.filter, FILTER);
    const order = compileRegistryOrderBy(input.orderBy, ORDER_COLUMNS, [['m.name', 'ASC']]);
    const offset = decodePageToken(input.pageToken);
    const rows = this.db.all<ModelRow>(`SELECT m.* FROM registered_models m WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, max + 1, offset]);
    const items = rows.slice(0, max).map((r) => this.toModel(r));
    return rows.length > max ? { items, nextPageToken: encodePageToken(offset + max) } : { items };
  }

  private toModel(row: ModelRow): RegisteredModel {
    return {
      name: row.name,
      creationTimestamp: row.creation_timestamp,
      lastUpdatedTimestamp: row.last_updated_timestamp,
      description: row.description,
      tags: this.db.all<KeyValue>('SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key', [row.name]),
      aliases: this.aliases.ofModel(row.name),
      latestVersions: this.versions.latest(row.name),
    };
  }
}
