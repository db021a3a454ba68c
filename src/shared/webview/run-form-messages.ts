/** The Run Experiment form's protocol: one message union per direction, validated on receipt. */
import { isObject } from './message-guards';

export interface RunFormParam {
  key: string;
  value: string;
}

/** Where the form's params came from, said above the fields. */
export type ParamSource = 'task' | 'params.yaml' | 'last run' | 'run' | 'none';

/** What the form shows: the command, its params, where they came from, experiment and run name. */
export interface RunFormModel {
  /** The heading: the task's label, or "Re-run <name>". */
  title: string;
  /** The command as one line, e.g. `node train.js`; editable. */
  command: string;
  params: RunFormParam[];
  source: ParamSource;
  /** A short note on the source, e.g. "from the task mlops: train". */
  sourceNote: string;
  experiment: string;
  runName: string;
  /** Known experiment names, offered as suggestions. */
  experiments: string[];
}

/** What the user asks to run. */
export interface RunFormSubmission {
  command: string;
  params: RunFormParam[];
  experiment: string;
  runName: string;
}

export type RunFormToWebview = { type: 'init'; form: RunFormModel } | { type: 'error'; message: string } | { type: 'starting' };

export type RunFormFromWebview = { type: 'ready' } | { type: 'run'; submission: RunFormSubmission } | { type: 'cancel' };

/** A param key `mlops run -p key=value` accepts and MLflow stores. */
export const PARAM_KEY = /^[A-Za-z0-9_.\-/ ]+$/;

const isParam = (v: unknown): v is RunFormParam => isObject(v) && typeof v.key === 'string' && typeof v.value === 'string';
const isParams = (v: unknown): v is RunFormParam[] => Array.isArray(v) && v.every(isParam);
const SOURCES: readonly string[] = ['task', 'params.yaml', 'last run', 'run', 'none'];

function parseSubmission(v: unknown): RunFormSubmission | undefined {
  if (!isObject(v) || typeof v.command !== 'string' || typeof v.experiment !== 'string' || typeof v.runName !== 'string' || !isParams(v.params)) return undefined;
  return { command: v.command, experiment: v.experiment, runName: v.runName, params: v.params.map((p) => ({ key: p.key, value: p.value })) };
}

function parseModel(v: unknown): RunFormModel | undefined {
  if (!isObject(v)) return undefined;
  const { title, command, params, source, sourceNote, experiment, runName, experiments } = v;
  if (typeof title !== 'string' || typeof command !== 'string' || !isParams(params) || typeof source !== 'string' || !SOURCES.includes(source)) return undefined;
  if (typeof sourceNote !== 'string' || typeof experiment !== 'string' || typeof runName !== 'string') return undefined;
  if (!Array.isArray(experiments) || !experiments.every((e) => typeof e === 'string')) return undefined;
  return v as unknown as RunFormModel;
}

export function parseRunFormFromWebview(message: unknown): RunFormFromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
    case 'cancel':
      return { type: message.type };
    case 'run': {
      const submission = parseSubmission(message.submission);
      return submission && { type: 'run', submission };
    }
    default:
      return undefined;
  }
}

export function parseRunFormToWebview(message: unknown): RunFormToWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'init': {
      const form = parseModel(message.form);
      return form && { type: 'init', form };
    }
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message } : undefined;
    case 'starting':
      return { type: 'starting' };
    default:
      return undefined;
  }
}

/** What is wrong with a submission, in words for the form; undefined when it can run. */
export function submissionProblem(s: RunFormSubmission): string | undefined {
  if (!s.command.trim()) return 'Give the command to run, e.g. python train.py.';
  const seen = new Set<string>();
  for (const p of s.params) {
    const key = p.key.trim();
    if (!key) return 'Every param needs a name.';
    if (!PARAM_KEY.test(key)) return `Param "${key}": use letters, digits, _ . - / and spaces.`;
    if (seen.has(key)) return `Param "${key}" is given twice.`;
    seen.add(key);
  }
  return undefined;
}
