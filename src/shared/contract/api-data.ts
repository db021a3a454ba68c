import type { CheckoutResult, DatasetInfo, DatasetStatus, DatasetVersion, GcResult, RemoteDatasetState, TransferResult, UntrackResult, VerifyResult, VersionDiff } from '../data';
import type { VersionComparison } from '../data-compare';
import type { Check } from './check';
import { ContractError, bool, object, optional, returns, str, strOrNum } from './check';
import { route } from './route';

/** Tracked data: datasets, their versions, checkouts, the remote. */

/** A dataset's path; '' is as missing. */
const path: Check<string> = {
  parse(value, name) {
    if (typeof value !== 'string' || value === '') throw new ContractError(`Missing value for required parameter '${name}'.`);
    return value;
  },
};
const versionRange = object({ path, from: optional(str()), to: optional(str()) });
const none = object({});

export const DATA_DATASETS = route({ method: 'GET', path: '/api/data/datasets', params: none, result: returns<{ datasets: DatasetInfo[] }>() });

export const DATA_STATUS = route({ method: 'GET', path: '/api/data/status', params: none, result: returns<{ datasets: DatasetStatus[] }>() });

export const DATA_VERSIONS = route({
  method: 'GET',
  path: '/api/data/versions',
  params: object({ path }),
  result: returns<{ versions: DatasetVersion[] }>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'],
});

export const DATA_ADD = route({
  method: 'POST',
  path: '/api/data/add',
  params: object({ path }),
  result: returns<{ version: DatasetVersion; changed: boolean; pointer_file?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'],
});

export const DATA_CHECKOUT = route({
  method: 'POST',
  path: '/api/data/checkout',
  params: object({ path, version: strOrNum }),
  result: returns<CheckoutResult>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'],
});

export const DATA_DIFF = route({ method: 'GET', path: '/api/data/diff', params: versionRange, result: returns<VersionDiff>(), errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'] });

export const DATA_COMPARE = route({ method: 'GET', path: '/api/data/compare', params: versionRange, result: returns<VersionComparison>(), errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'] });

export const DATA_VERIFY = route({ method: 'POST', path: '/api/data/verify', params: none, result: returns<VerifyResult>() });

export const DATA_REMOTE = route({
  method: 'GET',
  path: '/api/data/remote',
  params: none,
  result: returns<{ remote: { path: string; url: string; source: string } | null; datasets: RemoteDatasetState[] }>(),
});

const transfer = object({ all_versions: optional(bool) });

export const DATA_PUSH = route({ method: 'POST', path: '/api/data/push', params: transfer, result: returns<TransferResult>(), errors: ['INVALID_PARAMETER_VALUE', 'INVALID_STATE'] });

export const DATA_PULL = route({ method: 'POST', path: '/api/data/pull', params: transfer, result: returns<TransferResult>(), errors: ['INVALID_PARAMETER_VALUE', 'INVALID_STATE'] });

export const DATA_GC = route({ method: 'POST', path: '/api/data/gc', params: object({ dry_run: optional(bool) }), result: returns<GcResult>(), errors: ['INVALID_PARAMETER_VALUE'] });

export const DATA_UNTRACK = route({ method: 'POST', path: '/api/data/untrack', params: object({ path }), result: returns<UntrackResult>(), errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'] });

/** The extension reports editor saves, so a save is versioned without waiting for the watcher. */
export const DATA_SAVED = route({ method: 'POST', path: '/api/data/saved', params: object({ path }), result: returns<Record<string, never>>(), errors: ['INVALID_PARAMETER_VALUE'] });

export const DATA_ROUTES = [DATA_DATASETS, DATA_STATUS, DATA_VERSIONS, DATA_ADD, DATA_CHECKOUT, DATA_DIFF, DATA_COMPARE, DATA_VERIFY, DATA_REMOTE, DATA_PUSH, DATA_PULL, DATA_GC, DATA_UNTRACK, DATA_SAVED] as const;
