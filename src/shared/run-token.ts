/**
 * `mlops run` hands a script whose experiment it only defaulted (no --experiment, no
 * MLFLOW_EXPERIMENT_NAME) the runtime's token with this suffix: the first experiment the script
 * then names (MLflow's set_experiment: get-by-name or create) receives the run.
 */
const SUFFIX = '.defaulted-run.';
const RUN_ID = /^[0-9a-f]{32}$/;

export function defaultedRunToken(token: string, runId: string): string {
  return `${token}${SUFFIX}${runId}`;
}

/** Splits a bearer token into the runtime's token and the defaulted run it names, if any; undefined when the suffix is malformed. */
export function splitRunToken(sent: string, tokenLength: number): { token: string; defaultedRunId?: string } | undefined {
  const token = sent.slice(0, tokenLength);
  const rest = sent.slice(tokenLength);
  if (rest === '') return { token };
  if (!rest.startsWith(SUFFIX) || !RUN_ID.test(rest.slice(SUFFIX.length))) return undefined;
  return { token, defaultedRunId: rest.slice(SUFFIX.length) };
}
