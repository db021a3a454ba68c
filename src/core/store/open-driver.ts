import type { StoreDriverName } from '../../shared/api';
import { BetterSqlite3Driver, loadBetterSqlite3 } from './better-sqlite3-driver';
import type { SqlDriver } from './driver';
import { GuardedDriver } from './guarded-driver';
import { NodeSqliteDriver, loadNodeSqlite } from './node-sqlite-driver';
import { StoreError } from './store-error';

export const DRIVER_NAMES: readonly StoreDriverName[] = ['better-sqlite3', 'node:sqlite'];

export function isDriverAvailable(name: StoreDriverName): boolean {
  return name === 'better-sqlite3' ? loadBetterSqlite3().module !== undefined : loadNodeSqlite().module !== undefined;
}

/**
 * Opens `path` with the named driver, or with the first that loads in this Node: better-sqlite3
 * where its binary matches the Node ABI, node:sqlite otherwise. MLOPS_STORE_DRIVER forces one.
 */
export function openDriver(path: string, preferred?: StoreDriverName): SqlDriver {
  const forced = preferred ?? driverFromEnv();
  const candidates = forced ? [forced] : DRIVER_NAMES;
  const reasons: string[] = [];
  for (const name of candidates) {
    if (!isDriverAvailable(name)) {
      const error = name === 'better-sqlite3' ? loadBetterSqlite3().error : loadNodeSqlite().error;
      reasons.push(`${name}: ${error?.message.split('\n')[0] ?? 'unavailable'}`);
      continue;
    }
    return new GuardedDriver(name === 'better-sqlite3' ? BetterSqlite3Driver.open(path) : NodeSqliteDriver.open(path), path);
  }
  throw new StoreError(
    'STORE_DRIVER_UNAVAILABLE',
    `No SQLite driver loads in Node ${process.version} (${reasons.join('; ')}). ` +
      'Run the runtime with Node 22.13+ (setting mlops.runtime.node) or rebuild better-sqlite3 for this Node.',
    path,
  );
}

function driverFromEnv(): StoreDriverName | undefined {
  const value = process.env.MLOPS_STORE_DRIVER;
  if (!value) return undefined;
  if (value === 'better-sqlite3' || value === 'node:sqlite') return value;
  throw new StoreError('STORE_DRIVER_UNAVAILABLE', `MLOPS_STORE_DRIVER must be better-sqlite3 or node:sqlite, not "${value}".`, '');
}
