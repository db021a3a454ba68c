/** Where the Run Experiment form's params come from, and the command line as text (pure, unit-tested). */
import { parse } from 'yaml';
import type { ParamSource, RunFormParam } from '../../shared/webview/run-form-messages';
import type { Run as WireRun } from '../../shared/contract';

export interface ParamSources {
  /** The task's `params`, when the user picked a task that has them. */
  task?: Record<string, string | number | boolean> | undefined;
  /** The text of params.yaml at the workspace root, when there is one. */
  paramsYaml?: string | undefined;
  /** The newest run of the same command, when there is one. */
  lastRun?: WireRun | undefined;
}

export interface ResolvedParams {
  params: RunFormParam[];
  source: ParamSource;
  note: string;
}

/** The task's params, else params.yaml's, else those the last run of the command was given. */
export function resolveParams(sources: ParamSources, taskLabel = 'the task'): ResolvedParams {
  if (sources.task && Object.keys(sources.task).length > 0) {
    return { params: Object.entries(sources.task).map(([key, value]) => ({ key, value: String(value) })), source: 'task', note: `Params of ${taskLabel}.` };
  }
  if (sources.paramsYaml !== undefined) {
    const params = paramsFromYaml(sources.paramsYaml);
    if (params.length > 0) return { params, source: 'params.yaml', note: 'Params from params.yaml at the workspace root.' };
  }
  if (sources.lastRun) {
    const params = runParams(sources.lastRun);
    if (params.length > 0) return { params, source: 'last run', note: `Params of the last run of this command, ${sources.lastRun.info.run_name}.` };
  }
  return { params: [], source: 'none', note: 'No params found in the task, params.yaml or an earlier run: add them below.' };
}

/** params.yaml flattened the way DVC names params: nested keys joined by dots, lists as JSON. */
export function paramsFromYaml(text: string): RunFormParam[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`params.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const out: RunFormParam[] = [];
  const walk = (value: unknown, prefix: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
    } else if (prefix) {
      out.push({ key: prefix, value: value === null || value === undefined ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value) });
    }
  };
  walk(doc, '');
  return out;
}

function tag(run: WireRun, key: string): string | undefined {
  return run.data.tags?.find((t) => t.key === key)?.value;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The command `mlops run` started a run with (its mlops.command tag), if it did. */
export function runCommandOf(run: WireRun): string[] | undefined {
  const command = parseJson(tag(run, 'mlops.command'));
  return Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string') ? command : undefined;
}

/** The experiment a run was filed under by name (mlops run's tag), else its id. */
export function runExperimentOf(run: WireRun): string {
  return tag(run, 'mlops.experiment') ?? run.info.experiment_id;
}

/** The params a run was given with -p (mlops.params), else the params it logged. */
export function runParams(run: WireRun): RunFormParam[] {
  const given = parseJson(tag(run, 'mlops.params'));
  if (given && typeof given === 'object' && !Array.isArray(given)) return Object.entries(given).map(([key, value]) => ({ key, value: String(value) }));
  return (run.data.params ?? []).map((p) => ({ key: p.key, value: p.value }));
}

/** The newest of `runs` (newest first) started with exactly `command`. */
export function lastRunOf(runs: readonly WireRun[], command: readonly string[]): WireRun | undefined {
  const wanted = JSON.stringify(command);
  return runs.find((run) => JSON.stringify(runCommandOf(run) ?? null) === wanted);
}

/** Splits a command line into arguments: whitespace separates, '…' and "…" group, \ escapes outside '…'. */
export function splitCommandLine(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new Error(`The command has an unclosed ${quote}.`);
  if (started) args.push(current);
  return args;
}

/** The arguments as one line that splitCommandLine reads back the same. */
export function commandLine(args: readonly string[]): string {
  return args.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`)).join(' ');
}
