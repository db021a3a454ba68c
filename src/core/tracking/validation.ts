import { invalid } from '../errors';

/** MLflow's limits (mlflow/utils/validation.py), so what MLflow accepts we accept and vice versa. */
export const LIMITS = {
  maxEntityKeyLength: 250,
  maxParamValueLength: 6000,
  maxTagValueLength: 8000,
  maxExperimentTagValueLength: 5000,
  maxExperimentNameLength: 500,
  maxRunNameLength: 250,
  maxMetricsPerBatch: 1000,
  maxParamsTagsPerBatch: 100,
  maxEntitiesPerBatch: 1000,
  maxBatchRequestBytes: 1024 * 1024,
  maxSearchResults: 50_000,
  defaultSearchResults: 1000,
  maxHistoryResults: 25_000,
};

const VALID_KEY = /^[/\w.\- :]*$/u;

export function validateKey(kind: 'param' | 'metric' | 'tag', key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw invalid(`Invalid ${kind} name: '${String(key)}'. Names must be non-empty strings.`);
  if (key.length > LIMITS.maxEntityKeyLength) {
    throw invalid(`${cap(kind)} name '${key.slice(0, 40)}…' had length ${key.length}, which exceeded length limit of ${LIMITS.maxEntityKeyLength}`);
  }
  if (kind !== 'tag' && !VALID_KEY.test(key)) {
    throw invalid(`Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`);
  }
  if (isBadPath(key)) throw invalid(`Invalid ${kind} name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such.`);
  return key;
}

export function validateValue(kind: 'param' | 'tag' | 'experiment tag', key: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for ${kind} '${key}': must be a string.`);
  const limit = kind === 'param' ? LIMITS.maxParamValueLength : kind === 'tag' ? LIMITS.maxTagValueLength : LIMITS.maxExperimentTagValueLength;
  if (value.length > limit) throw invalid(`${cap(kind)} value '${value.slice(0, 40)}…' had length ${value.length}, which exceeded length limit of ${limit}`);
  return value;
}

/** Artifact and key paths: relative, no `..`, no empty segments. */
export function isBadPath(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return true;
  return path.split('/').some((segment) => segment === '..');
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
