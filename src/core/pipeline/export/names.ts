import { createHash } from 'node:crypto';
import { invalid } from '../../errors';

/** How one engine names a task: the characters it allows and how long a name may be. */
export interface NameRule {
  engine: string;
  /** Replaces each run of characters the engine does not allow. */
  sanitize(id: string): string;
  /** The joiner before the disambiguating hash. */
  joiner: string;
  maxLength: number;
}

/**
 * Kubernetes DNS-1123 labels (lowercase alphanumerics and '-', starting and ending with one): Argo
 * task and template names, KFP task, component and executor names. 50 characters leave room for
 * the `stage-`, `comp-` and `exec-` prefixes within the label's 63.
 */
export const DNS_LABEL: NameRule = {
  engine: 'Kubernetes',
  sanitize: (id) =>
    id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, ''),
  joiner: '-',
  maxLength: 50,
};

/** Airflow's task_id and dag_id: letters, digits, '_', '.', '-' (airflow.utils.helpers.KEY_REGEX), at most 250. */
export const AIRFLOW_ID: NameRule = {
  engine: 'Airflow',
  sanitize: (id) => id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.-]+|[_.-]+$/g, ''),
  joiner: '_',
  maxLength: 250,
};

const shortHash = (id: string): string => createHash('sha1').update(id).digest('hex').slice(0, 6);

/**
 * One name per stage id, the same on every export: an id the engine allows is kept as it is; any
 * other is sanitized and given a short hash of the id, so two ids never meet in one name.
 */
export function engineName(id: string, rule: NameRule): string {
  const clean = rule.sanitize(id);
  if (clean === id && id.length <= rule.maxLength) return id;
  const suffix = `${rule.joiner}${shortHash(id)}`;
  const base = clean.slice(0, rule.maxLength - suffix.length).replace(/[^A-Za-z0-9]+$/, '');
  return `${base || 'stage'}${suffix}`;
}

/** Stage id → engine name for every stage, checked to be one-to-one. */
export function nameMap(ids: readonly string[], rule: NameRule): Map<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const id of ids) {
    const name = engineName(id, rule);
    const other = owners.get(name);
    if (other !== undefined) throw invalid(`stages '${other}' and '${id}' both become the ${rule.engine} name '${name}'; rename one of them in dvc.yaml.`);
    owners.set(name, id);
    names.set(id, name);
  }
  return names;
}
