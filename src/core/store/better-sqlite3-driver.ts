import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunResult, SqlDriver, SqlValue } from './driver';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

let loaded: typeof BetterSqlite3 | undefined;
let loadError: Error | undefined;
let nativeBinding: string | undefined;

/**
 * The binary npm built beside better-sqlite3's lib/, if there: naming it spares the `bindings`
 * package's search (a stack trace and a require() of each candidate path) at every start.
 */
function builtBinary(main: string): string | undefined {
  const binary = join(dirname(main), '..', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(binary) ? binary : undefined;
}

/** Loads better-sqlite3 and its native binary once; undefined when the binary does not fit this Node. */
export function loadBetterSqlite3(): { module?: typeof BetterSqlite3; error?: Error } {
  if (loaded || loadError) return { module: loaded, error: loadError };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('better-sqlite3') as typeof BetterSqlite3;
    nativeBinding = builtBinary(require.resolve('better-sqlite3'));
    new mod(':memory:', { nativeBinding }).close(); // the binary is loaded lazily; make an ABI mismatch show here
    loaded = mod;
  } catch (error) {
    loadError = error instanceof Error ? error : new Error(String(error));
  }
  return { module: loaded, error: loadError };
}

export class BetterSqlite3Driver implements SqlDriver {
  readonly name = 'better-sqlite3' as const;
  private readonly statements = new Map<string, Statement>();

  private constructor(private readonly db: Database) {}

  static open(path: string): BetterSqlite3Driver {
    const { module, error } = loadBetterSqlite3();
    if (!module) throw error ?? new Error('better-sqlite3 is not available');
    return new BetterSqlite3Driver(new module(path, { nativeBinding }));
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  run(sql: string, params: readonly SqlValue[] = []): RunResult {
    const result = this.statement(sql).run(...params);
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
