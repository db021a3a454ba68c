import { parseCriteria } from '../../models';
import type { Path, Report } from '../../workspace';
import { isMapping, isPositive, parseFlag, parseText, unknownKeys } from '../../workspace';
import { parseSchedule } from '../monitors/schedule-config';

/**
 * How a monitor retrains its model: a command (run by the runtime as `mlops run -- …`), a dvc.yaml
 * pipeline or stage (reproduced by the runtime), or a VS Code task (run by the extension).
 */
export interface RetrainConfig {
  command?: string[];
  task?: string;
  /** A stage (reproduced with its upstream), a dvc.yaml path or all. */
  pipeline?: string;
  /** With pipeline: run the stages even when nothing changed (repro --force). */
  force?: boolean;
  /** ask (default): a notification offers Retrain / Not now; auto: starts at once. */
  policy: 'ask' | 'auto';
  /** Cron: retrain on a schedule too. */
  schedule?: string;
  /** The alias the new version is promoted to, through the validation gate. Default champion. */
  alias: string;
  /** Held-out data the new version is validated on, against the alias's current version as baseline. */
  validation: { data: string; label: string; criteria?: string; maxRegression?: number };
}

/** Where fired alerts go besides the store, VS Code and `mlops alerts list`. */
export interface AlertingConfig {
  /** JSON POST of each alert, retried with exponential backoff. */
  webhook?: { url: string; retries: number; timeoutSeconds: number };
  /** Append each alert as a JSON line to .mlops/logs/alerts.log. Default true. */
  log: boolean;
}

export const DEFAULT_WEBHOOK_RETRIES = 5;
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;
export const DEFAULT_ALERTING: AlertingConfig = { log: true };
export const RETRAIN_KEYS: readonly string[] = ['command', 'task', 'pipeline', 'force', 'policy', 'schedule', 'alias', 'validation'];
export const VALIDATION_KEYS: readonly string[] = ['data', 'label', 'criteria', 'max_regression'];
export const ALERTING_KEYS: readonly string[] = ['webhook', 'log'];
export const WEBHOOK_KEYS: readonly string[] = ['url', 'retries', 'timeout_seconds'];

export function parseRetrain(raw: unknown, path: Path, report: Report): RetrainConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isMapping(raw)) {
    report(path, 'retrain must be a mapping: command (or pipeline, or task), policy, alias, validation: {data, label}');
    return undefined;
  }
  const at = (...rest: Path): Path => [...path, ...rest];
  unknownKeys(raw, RETRAIN_KEYS, path, 'retrain', report);
  let command: string[] | undefined;
  if (raw.command !== undefined && raw.command !== null) {
    if (Array.isArray(raw.command) && raw.command.length > 0 && raw.command.every((a) => typeof a === 'string') && raw.command[0] !== '') command = raw.command as string[];
    else if (typeof raw.command === 'string') {
      try {
        command = splitCommand(raw.command);
      } catch (error) {
        report(at('command'), `retrain.command: ${(error as Error).message}`);
      }
    } else report(at('command'), 'retrain.command must be a command line ("node train.js --epochs 5") or a list of its arguments (["node", "train.js"])');
  }
  const task = parseText(raw.task, at('task'), 'retrain.task must be the label of a VS Code task (as in .vscode/tasks.json)', report);
  const pipeline = parseText(raw.pipeline, at('pipeline'), 'retrain.pipeline must name a dvc.yaml stage (run with its upstream), a dvc.yaml path or all', report);
  const given = (['command', 'pipeline', 'task'] as const).filter((key) => raw[key] !== undefined && raw[key] !== null);
  if (given.length > 1) report(at(given[1]!), `retrain takes a ${given[0]} or a ${given[1]}, not both: remove one`);
  else if (given.length === 0) report(path, 'retrain needs what to run: command: "python train.py" (run by the runtime), pipeline: STAGE (a dvc.yaml stage the runtime reproduces) or task: LABEL (a VS Code task)');
  const force = parseFlag(raw.force, false, at('force'), 'retrain.force', report);
  if (force && pipeline === undefined) report(at('force'), 'retrain.force applies to a pipeline retrain only (retrain.pipeline)');
  const policy = raw.policy ?? 'ask';
  if (policy !== 'ask' && policy !== 'auto') report(at('policy'), 'retrain.policy must be ask (a notification offers Retrain / Not now) or auto (starts at once)');
  const alias = parseText(raw.alias, at('alias'), 'retrain.alias must name the alias the new version is promoted to (default champion)', report) ?? 'champion';
  if (!/^[\w.-]+$/.test(alias) || /^v?\d+$/.test(alias)) report(at('alias'), `retrain.alias "${alias}" must be a name of letters, digits, _ . and - that is not a version number`);
  const retrain: RetrainConfig = {
    ...(command && { command }),
    ...(task !== undefined && { task }),
    ...(pipeline !== undefined && { pipeline, ...(force && { force }) }),
    policy: policy === 'auto' ? 'auto' : 'ask',
    alias,
    validation: parseValidation(raw.validation, at('validation'), report),
  };
  const schedule = parseSchedule(raw.schedule, at('schedule'), 'retrain.schedule', report);
  if (schedule !== undefined) retrain.schedule = schedule;
  return retrain;
}

function parseValidation(raw: unknown, path: Path, report: Report): RetrainConfig['validation'] {
  const validation: RetrainConfig['validation'] = { data: '', label: '' };
  if (!isMapping(raw)) {
    report(path, 'retrain.validation must be a mapping: data (held-out data file), label (its label column), criteria and max_regression (optional)');
    return validation;
  }
  const at = (key: string): Path => [...path, key];
  unknownKeys(raw, VALIDATION_KEYS, path, 'retrain.validation', report);
  const data = parseText(raw.data, at('data'), 'retrain.validation.data must be the path of the held-out data file (CSV, JSONL or Parquet)', report);
  if (data === undefined && (raw.data === undefined || raw.data === null)) report(path, 'retrain.validation needs data: the held-out data file the new version is validated on');
  const label = parseText(raw.label, at('label'), 'retrain.validation.label must name the label column of the held-out data', report);
  if (label === undefined && (raw.label === undefined || raw.label === null)) report(path, 'retrain.validation needs label: the label column of the held-out data');
  validation.data = data ?? '';
  validation.label = label ?? '';
  if (raw.criteria !== undefined && raw.criteria !== null) {
    try {
      if (typeof raw.criteria !== 'string') throw new Error('give comparisons such as "accuracy>=0.9,f1>=0.8"');
      parseCriteria(raw.criteria);
      validation.criteria = raw.criteria.trim();
    } catch (error) {
      report(at('criteria'), `retrain.validation.criteria: ${(error as Error).message}`);
    }
  }
  if (raw.max_regression !== undefined && raw.max_regression !== null) {
    if (typeof raw.max_regression === 'number' && Number.isFinite(raw.max_regression) && raw.max_regression >= 0) validation.maxRegression = raw.max_regression;
    else report(at('max_regression'), 'retrain.validation.max_regression must be a number ≥ 0 (how much worse than the current version a metric may be, e.g. 0.01)');
  }
  return validation;
}

export function parseAlerting(raw: unknown, path: Path, report: Report): AlertingConfig {
  const alerting: AlertingConfig = { ...DEFAULT_ALERTING };
  if (raw === undefined || raw === null) return alerting;
  if (!isMapping(raw)) {
    report(path, 'alerting must be a mapping: webhook (a URL alerts are POSTed to) and log (true or false)');
    return alerting;
  }
  unknownKeys(raw, ALERTING_KEYS, path, 'alerting', report);
  alerting.log = parseFlag(raw.log, true, [...path, 'log'], 'alerting.log', report);
  if (raw.webhook === undefined || raw.webhook === null) return alerting;
  const where: Path = [...path, 'webhook'];
  const spec = typeof raw.webhook === 'string' ? { url: raw.webhook } : raw.webhook;
  if (!isMapping(spec)) {
    report(where, 'alerting.webhook must be a URL (https://…) or a mapping: url, retries, timeout_seconds');
    return alerting;
  }
  unknownKeys(spec, WEBHOOK_KEYS, where, 'alerting.webhook', report);
  const urlPath = typeof raw.webhook === 'string' ? where : [...where, 'url'];
  const url = typeof spec.url === 'string' ? httpUrl(spec.url) : undefined;
  if (!url) report(urlPath, 'alerting.webhook needs an http:// or https:// URL, e.g. https://hooks.example.com/mlops');
  const retries = spec.retries ?? DEFAULT_WEBHOOK_RETRIES;
  const retriesOk = typeof retries === 'number' && Number.isInteger(retries) && retries >= 0 && retries <= 20;
  if (!retriesOk) report([...where, 'retries'], `alerting.webhook.retries must be a whole number from 0 to 20 (default ${DEFAULT_WEBHOOK_RETRIES})`);
  const timeout = spec.timeout_seconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS;
  const timeoutOk = isPositive(timeout) && timeout <= 300;
  if (!timeoutOk) report([...where, 'timeout_seconds'], `alerting.webhook.timeout_seconds must be a number of seconds above 0 and at most 300 (default ${DEFAULT_WEBHOOK_TIMEOUT_SECONDS})`);
  if (url && retriesOk && timeoutOk) alerting.webhook = { url, retries, timeoutSeconds: timeout };
  return alerting;
}

function httpUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A command line as its arguments, split as a POSIX shell splits simple quoting: blanks separate,
 * '…' is literal, "…" keeps blanks and honours \" \\ \$ \`, a backslash outside quotes escapes the
 * next character. There is no shell, so unquoted operators (| & ; < > ( ) $ `) are refused.
 */
export function splitCommand(text: string): string[] {
  const args: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`the ' opened at character ${i + 1} is never closed`);
      current = (current ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let part = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        part += text[j];
      }
      if (j >= text.length) throw new Error(`the " opened at character ${i + 1} is never closed`);
      current = (current ?? '') + part;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new Error('the command ends with a lone backslash');
      current = (current ?? '') + text[++i];
    } else if ('|&;<>()$`'.includes(c)) {
      throw new Error(`"${c}" at character ${i + 1} needs a shell, and the command runs without one: quote it, or put the pipeline in a script and run that`);
    } else current = (current ?? '') + c;
  }
  if (current !== undefined) args.push(current);
  if (args.length === 0) throw new Error('the command is empty; write what to run, e.g. "node train.js"');
  return args;
}
