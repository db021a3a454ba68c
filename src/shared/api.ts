/** Response shapes of the runtime's own routes (the MLflow routes follow MLflow's shapes). */

export interface HealthResponse {
  status: 'ok';
  version: string;
  pid: number;
}

export type StoreDriverName = 'better-sqlite3' | 'node:sqlite';

export interface RuntimeStatus {
  version: string;
  pid: number;
  workspace: string;
  node: { version: string; execPath: string; electron: boolean };
  store: { driver: StoreDriverName; path: string; schemaVersion: number };
  startedAt: number;
  uptimeMs: number;
  configErrors: string[];
}

/** Every runtime error body, MLflow's shape. */
export interface ErrorBody {
  error_code: string;
  message: string;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null
    && typeof (value as ErrorBody).error_code === 'string'
    && typeof (value as ErrorBody).message === 'string';
}
