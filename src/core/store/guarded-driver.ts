import type { RunResult, SqlDriver, SqlValue } from './driver';
import { toStoreError } from './store-error';

/** Turns lock, corruption and permission failures of any statement into StoreErrors naming the file. */
export class GuardedDriver implements SqlDriver {
  constructor(
    private readonly inner: SqlDriver,
    private readonly path: string,
  ) {}

  get name(): SqlDriver['name'] {
    return this.inner.name;
  }

  exec(sql: string): void {
    this.guard(() => this.inner.exec(sql));
  }

  run(sql: string, params?: readonly SqlValue[]): RunResult {
    return this.guard(() => this.inner.run(sql, params));
  }

  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined {
    return this.guard(() => this.inner.get<T>(sql, params));
  }

  all<T>(sql: string, params?: readonly SqlValue[]): T[] {
    return this.guard(() => this.inner.all<T>(sql, params));
  }

  close(): void {
    this.inner.close();
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw toStoreError(error, this.path, false);
    }
  }
}
