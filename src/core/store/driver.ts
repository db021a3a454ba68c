import type { StoreDriverName } from '../../shared/api';

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/**
 * The little of SQLite the store needs, implemented once per binding. Parameters are positional
 * (`?`), the one style both bindings accept the same way.
 */
export interface SqlDriver {
  readonly name: StoreDriverName;
  exec(sql: string): void;
  run(sql: string, params?: readonly SqlValue[]): RunResult;
  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined;
  all<T>(sql: string, params?: readonly SqlValue[]): T[];
  close(): void;
}
