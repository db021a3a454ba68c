export { Store, transaction, BUSY_TIMEOUT_MS } from './store';
export type { OpenStoreOptions } from './store';
export { StoreError } from './store-error';
export type { StoreErrorCode } from './store-error';
export type { SqlDriver, SqlValue, RunResult } from './driver';
export { DRIVER_NAMES, isDriverAvailable, openDriver } from './open-driver';
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
export type { Migration } from './migrations';
export { EventLog } from './event-log';
