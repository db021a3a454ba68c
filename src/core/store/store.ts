import { mkdirSync } from 'node:fs';
import { createPrivateDbFile, restrictDbFiles } from './db-files';
import { dirname } from 'node:path';
import type { StoreDriverName } from '../../shared/api';
import type { SqlDriver } from './driver';
import { EventLog } from './event-log';
import type { Migration } from './migrations';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { openDriver } from './open-driver';
import { StoreError, toStoreError } from './store-error';

export const BUSY_TIMEOUT_MS = 5000;

export interface OpenStoreOptions {
  driver?: StoreDriverName;
  /** For tests of upgrade paths; production always uses MIGRATIONS. */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

/** The workspace database: one connection, schema brought up to date on open. */
export class Store {
  readonly events: EventLog;

  private constructor(
    readonly db: SqlDriver,
    readonly path: string,
    readonly schemaVersion: number,
  ) {
    this.events = new EventLog(db);
  }

  get driverName(): StoreDriverName {
    return this.db.name;
  }

  static open(path: string, options: OpenStoreOptions = {}): Store {
    const migrations = options.migrations ?? MIGRATIONS;
    const latest = options.migrations ? Math.max(0, ...migrations.map((m) => m.version)) : LATEST_SCHEMA_VERSION;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StoreError('STORE_UNWRITABLE', `Cannot create the folder of ${path}: ${(error as Error).message}. Check the workspace's permissions.`, path, { cause: error });
    }
    createPrivateDbFile(path);
    let db: SqlDriver;
    try {
      db = openDriver(path, options.driver);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw toStoreError(error, path);
    }
    try {
      db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
      const current = readSchemaVersion(db);
      if (current > latest) {
        throw new StoreError(
          'STORE_TOO_NEW',
          `${path} was written by a newer Local MLOps (schema ${current}; this version knows up to ${latest}). ` +
            'Update the extension or CLI; the file was left unchanged.',
          path,
        );
      }
      const mode = db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
      if (mode?.journal_mode.toLowerCase() !== 'wal') {
        throw new StoreError('STORE_UNWRITABLE', `${path} could not be switched to WAL mode (got ${mode?.journal_mode}).`, path);
      }
      // case_sensitive_like: MLflow's LIKE is case-sensitive (ILIKE is the insensitive one).
      db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON');
      // Up to 64 MiB of pages (allocated as read): a large store's searches look runs up at random.
      db.exec('PRAGMA cache_size = -65536');
      const version = migrate(db, migrations, current);
      restrictDbFiles(path);
      return new Store(db, path, version);
    } catch (error) {
      db.close();
      throw toStoreError(error, path);
    }
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE), rolled back if it throws. */
  transaction<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  close(): void {
    this.db.close();
  }
}

export function transaction<T>(db: SqlDriver, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function readSchemaVersion(db: SqlDriver): number {
  const table = db.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!table) return 0;
  return db.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')?.v ?? 0;
}

function migrate(db: SqlDriver, migrations: readonly Migration[], from: number): number {
  let version = from;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= version) continue;
    transaction(db, () => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL,
        applied_at INTEGER NOT NULL
      )`);
      // Another process may have applied it while this one waited for the write lock.
      if (readSchemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
    });
    version = readSchemaVersion(db);
  }
  return version;
}
