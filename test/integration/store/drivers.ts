import type { StoreDriverName } from '../../../src/shared/api';
import { DRIVER_NAMES, isDriverAvailable } from '../../../src/core/store';

/**
 * The drivers the shared suite runs against in this Node. MLOPS_REQUIRE_DRIVERS (comma-separated)
 * names drivers that must load, so a run meant for node:sqlite cannot silently skip it.
 */
export function driversUnderTest(): { name: StoreDriverName; available: boolean }[] {
  const required = (process.env.MLOPS_REQUIRE_DRIVERS ?? '').split(',').filter(Boolean);
  for (const name of required) {
    if (!isDriverAvailable(name as StoreDriverName)) throw new Error(`required store driver ${name} does not load in Node ${process.version}`);
  }
  const only = process.env.MLOPS_STORE_DRIVERS?.split(',').filter(Boolean);
  return DRIVER_NAMES.filter((name) => !only || only.includes(name)).map((name) => ({ name, available: isDriverAvailable(name) }));
}
