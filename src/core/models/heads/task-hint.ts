import { invalid } from '../../errors';
import { CLASS_LABELS_KEY } from '../onnx';

export type ModelTask = 'classification' | 'regression';
export type ClassLabel = number | string;

/** What a model predicts, when its outputs alone do not say: from its metadata, the CLI or the version's tags. */
export interface TaskHint {
  task?: ModelTask;
  /** The class of each score column, in column order. */
  classes?: ClassLabel[];
}

/** metadata_props keys a converter script may set: `task` ("classification" | "regression") and `classes` (JSON array or "a,b,c"). */
export const TASK_KEY = 'task';
export const CLASSES_KEY = 'classes';
/** Model-version tags holding the answer given once with --task/--classes. */
export const TASK_TAG = 'mlops.task';
export const CLASSES_TAG = 'mlops.classes';

const INTEGER = /^[+-]?\d+$/;

export function parseTask(text: string): ModelTask {
  const task = text.trim().toLowerCase();
  if (task === 'classification' || task === 'regression') return task;
  throw invalid(`the task must be "classification" or "regression", not ${JSON.stringify(text)}`);
}

/**
 * Class labels from "a,b,c" or a JSON array: integers when every label is one (the models' int64
 * labels), else strings. At least two, distinct.
 */
export function parseClasses(text: string): ClassLabel[] {
  const trimmed = text.trim();
  let labels: ClassLabel[];
  if (trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw invalid(`the classes ${JSON.stringify(text)} are not a JSON array`);
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) throw invalid(`the classes ${JSON.stringify(text)} must be a JSON array of strings or numbers`);
    labels = value as ClassLabel[];
  } else {
    const parts = trimmed.split(',').map((part) => part.trim());
    labels = parts.every((part) => INTEGER.test(part)) ? parts.map(Number) : parts;
  }
  if (labels.length < 2) throw invalid(`give at least two classes, comma-separated (e.g. "0,1" or "cat,dog"), not ${JSON.stringify(text)}`);
  if (labels.some((label) => label === '')) throw invalid(`the classes ${JSON.stringify(text)} include an empty one`);
  if (new Set(labels).size !== labels.length) throw invalid(`the classes ${JSON.stringify(text)} repeat a class`);
  return labels;
}

/** The form parseClasses reads back: "a,b,c", or JSON when a label holds a comma or a number-like string. */
export function formatClasses(classes: readonly ClassLabel[]): string {
  const plain = classes.every((c) => typeof c === 'number') || classes.every((c) => typeof c === 'string' && !c.includes(',') && !INTEGER.test(c.trim()) && c.trim() === c);
  return plain ? classes.join(',') : JSON.stringify(classes);
}

/** The hint remembered on a version; a tag that does not parse (edited by hand) is ignored. */
export function hintOfTags(tags: readonly { key: string; value: string }[]): TaskHint {
  const hint: TaskHint = {};
  const task = tags.find((t) => t.key === TASK_TAG)?.value;
  const classes = tags.find((t) => t.key === CLASSES_TAG)?.value;
  try {
    if (task !== undefined) hint.task = parseTask(task);
  } catch {
    // as if absent
  }
  try {
    if (classes !== undefined && classes !== '') hint.classes = parseClasses(classes);
  } catch {
    // as if absent
  }
  return hint;
}

export function tagsOfHint(hint: TaskHint): { key: string; value: string }[] {
  return [...(hint.task ? [{ key: TASK_TAG, value: hint.task }] : []), ...(hint.classes ? [{ key: CLASSES_TAG, value: formatClasses(hint.classes) }] : [])];
}

/** The hint a model carries in metadata_props (`task`, `classes`, or our builders' `class_labels`); malformed values are ignored. */
export function hintOfMetadata(metadata: Record<string, string>): TaskHint {
  const hint: TaskHint = {};
  const task = metadata[TASK_KEY];
  if (task !== undefined && /^(classification|regression)$/i.test(task.trim())) hint.task = parseTask(task);
  for (const key of [CLASSES_KEY, CLASS_LABELS_KEY]) {
    const text = metadata[key];
    if (text === undefined || hint.classes) continue;
    try {
      hint.classes = parseClasses(text);
    } catch {
      // not a list of classes: as if absent
    }
  }
  return hint;
}

/** The explicit hint's fields over the model's own. */
export function mergeHints(explicit: TaskHint, model: TaskHint): TaskHint {
  return { ...model, ...(explicit.task && { task: explicit.task }), ...(explicit.classes && { classes: explicit.classes }) };
}

/** "--task classification --classes a,b" for messages. */
export function hintFlags(hint: TaskHint): string {
  return [hint.task && `--task ${hint.task}`, hint.classes && `--classes ${formatClasses(hint.classes)}`].filter(Boolean).join(' ');
}
