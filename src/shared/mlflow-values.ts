/** Pure helpers for values as MLflow and `mlops run` put them on the wire. */

/** A double in MLflow's JSON: non-finite values as "NaN", "Infinity", "-Infinity". */
export function wireDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** The environment variable `mlops run` hands a param in: MLOPS_PARAM_ + the key upper-cased, other characters as _. */
export function paramEnvName(key: string): string {
  return `MLOPS_PARAM_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
