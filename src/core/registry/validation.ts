import { invalid } from '../errors';
import { validateKey } from '../tracking';
import type { Stage } from './types';
import { STAGES } from './types';

/** MLflow's registry limits (mlflow/utils/validation.py, mlflow/store/model_registry). */
export const REGISTRY_LIMITS = {
  maxTagValueLength: 5000,
  maxAliasLength: 255,
  defaultModelResults: 100,
  maxModelResults: 1000,
  defaultVersionResults: 1000,
  maxVersionResults: 200_000,
};

const ALIAS = /^[\w-]*$/;
const VERSION_ALIAS = /^[vV]\d+$/;

export function missingValue(name: string): Error {
  return invalid(`Missing value for required parameter '${name}'.`);
}

export function validateModelName(name: unknown, parameter = 'name'): string {
  if (typeof name !== 'string' || name === '') throw missingValue(parameter);
  return name;
}

/** A version number from the wire ("3" or 3). */
export function parseVersion(version: unknown): number {
  if (version === undefined || version === null || version === '') throw missingValue('version');
  const text = String(version);
  if (!/^\d{1,15}$/.test(text.trim())) throw invalid(`Parameter 'version' must be an integer, got '${text}'.`);
  return Number(text);
}

export function validateAlias(alias: unknown): string {
  if (typeof alias !== 'string' || alias === '') throw invalid('Registered model alias name cannot be empty.');
  if (!ALIAS.test(alias)) throw invalid(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  if (alias.length > REGISTRY_LIMITS.maxAliasLength) {
    throw invalid(`'Registered model alias name' exceeds the maximum length of ${REGISTRY_LIMITS.maxAliasLength} characters`);
  }
  if (alias.toLowerCase() === 'latest') throw invalid("'latest' alias name (case insensitive) is reserved.");
  if (VERSION_ALIAS.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`);
  return alias;
}

export function validateTag(key: unknown, value: unknown): { key: string; value: string } {
  if (key === undefined || key === null || key === '') throw missingValue('key');
  if (value === undefined || value === null) throw missingValue('value');
  const k = validateKey('tag', key);
  if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for tag '${k}': must be a string.`);
  if (value.length > REGISTRY_LIMITS.maxTagValueLength) throw invalid(`'value' exceeds the maximum length of ${REGISTRY_LIMITS.maxTagValueLength} characters`);
  return { key: k, value };
}

/** A stage in any letter case, as MLflow's canonical spelling. */
export function canonicalStage(stage: unknown): Stage {
  const found = typeof stage === 'string' ? STAGES.find((s) => s.toLowerCase() === stage.toLowerCase()) : undefined;
  if (!found) throw invalid(`Invalid Model Version stage: ${String(stage)}. Value must be one of ${STAGES.join(', ')}.`);
  return found;
}

export function checkMaxResults(value: number | undefined, fallback: number, limit: number): number {
  const max = value ?? fallback;
  if (!Number.isInteger(max) || max < 1) throw invalid(`Invalid value for max_results. It must be a positive integer, but got ${max}`);
  if (max > limit) throw invalid(`Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${max}`);
  return max;
}
