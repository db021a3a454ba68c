import { DomainError } from '../../core/errors';
import type { TaskHint } from '../../core/models';
import { hintOfTags, parseClasses, parseTask, tagsOfHint } from '../../core/models';
import type { ModelFile } from '../../core/registry';
import type { ModelRegistry } from '../../core/registry';
import type { ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { UsageError, stringOption } from '../args';

/** `--task classification|regression --classes a,b,c`: what a model predicts when its outputs do not say. */
export const TASK_VALUE_OPTIONS = ['task', 'classes'];

export const TASK_USAGE = '[--task classification|regression] [--classes a,b,c]';

/** The flags as a hint; --classes alone means classification. */
export function taskHintOption(args: ParsedArgs): TaskHint {
  const task = stringOption(args, 'task');
  const classes = stringOption(args, 'classes');
  const hint: TaskHint = {};
  try {
    if (task !== undefined) hint.task = parseTask(task);
    if (classes !== undefined) hint.classes = parseClasses(classes);
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`${task !== undefined && hint.task === undefined ? '--task' : '--classes'}: ${error.message}`);
    throw error;
  }
  if (hint.classes && hint.task === 'regression') throw new UsageError('--classes names a classifier\'s classes: it does not go with --task regression');
  if (hint.classes) hint.task = 'classification';
  return hint;
}

/** The version tags to write so the next validate/serve/predict of the version needs no flags; empty when they already say it. */
export function tagsToRemember(hint: TaskHint, current: readonly { key: string; value: string }[]): { key: string; value: string }[] {
  if (!hint.task) return [];
  const known = hintOfTags(current);
  const wanted = tagsOfHint({ task: hint.task, ...(hint.task === 'classification' && { classes: hint.classes ?? known.classes }) });
  return wanted.filter((tag) => current.find((t) => t.key === tag.key)?.value !== tag.value);
}

/** Remembers the flags on the registered version a model file came from (serve, predict). */
export function rememberTask(registry: ModelRegistry, file: ModelFile, flags: TaskHint, io: CliIo): void {
  const { name, version } = file.model;
  if (version === null) return;
  const current = registry.getVersion(name, version).tags;
  const tags = tagsToRemember(flags, current);
  for (const { key, value } of tags) registry.setVersionTag(name, version, key, value);
  if (tags.length > 0) io.err(`Remembered ${tags.map((t) => `${t.key}=${t.value}`).join(', ')} on ${name} version ${version}.`);
}

/** Why a served model's answer holds only its raw outputs, and how to get labels. */
export function undecidedNote(reason: string): string {
  return `${reason}; answering its outputs as they are. To answer "label" and "probabilities", give --task classification [--classes a,b,…].`;
}
