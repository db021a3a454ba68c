import { invalid } from '../errors';
import type { SqlDriver } from '../store';
import type { AliasRef } from './types';

/** Aliases of registered models: each names one version of its model. */
export class AliasRepository {
  constructor(private readonly db: SqlDriver) {}

  set(name: string, alias: string, version: number): void {
    this.db.run('INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?) ON CONFLICT(name, alias) DO UPDATE SET version = excluded.version', [name, alias, version]);
  }

  /** True when the alias existed; a missing alias is no error, as in MLflow. */
  delete(name: string, alias: string): boolean {
    return this.db.run('DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?', [name, alias]).changes > 0;
  }

  versionOf(name: string, alias: string): number {
    const row = this.db.get<{ version: number }>('SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?', [name, alias]);
    if (!row) throw invalid(`Registered model alias ${alias} not found.`);
    return row.version;
  }

  ofModel(name: string): AliasRef[] {
    return this.db.all<AliasRef>('SELECT alias, version FROM registered_model_aliases WHERE name = ? ORDER BY alias', [name]);
  }

  ofVersion(name: string, version: number): string[] {
    return this.db.all<{ alias: string }>('SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY alias', [name, version]).map((r) => r.alias);
  }
}
