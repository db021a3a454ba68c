import type { RunResult, SqlDriver, SqlValue } from './driver';

/** The part of `node:sqlite` (Node >= 22.13) used here; @types/node 20 does not describe it. */
interface StatementSync {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): StatementSync;
  close(): void;
  readonly isOpen?: boolean;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string) => DatabaseSync;
}

let loaded: NodeSqliteModule | undefined;
let loadError: Error | undefined;

export function loadNodeSqlite(): { module?: NodeSqliteModule; error?: Error } {
  if (loaded || loadError) return { module: loaded, error: loadError };
  try {
    // Experimental before Node 25; the warning it prints says nothing a user can act on.
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (!/SQLite/i.test(text)) (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('node:sqlite') as NodeSqliteModule;
    } finally {
      process.emitWarning = emitWarning;
    }
  } catch (error) {
    loadError = new Error(`node:sqlite is not available in Node ${process.version} (it needs Node 22.13 or newer)`, { cause: error });
  }
  return { module: loaded, error: loadError };
}

export class NodeSqliteDriver implements SqlDriver {
  readonly name = 'node:sqlite' as const;
  private readonly statements = new Map<string, StatementSync>();
  private closed = false;

  private constructor(private readonly db: DatabaseSync) {}

  static open(path: string): NodeSqliteDriver {
    const { module, error } = loadNodeSqlite();
    if (!module) throw error ?? new Error('node:sqlite is not available');
    return new NodeSqliteDriver(new module.DatabaseSync(path));
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  run(sql: string, params: readonly SqlValue[] = []): RunResult {
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return (this.statement(sql).get(...params) ?? undefined) as T | undefined;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
