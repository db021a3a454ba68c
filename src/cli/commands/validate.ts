import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, invalid } from '../../core/errors';
import type { Criterion, ModelRef, ModelToValidate, ValidationReport } from '../../core/models';
import { checkCriteriaTask, parseCriteria, renderJson, renderMarkdown, taskOfModel, validateModel } from '../../core/models';
import type { TaskHint } from '../../core/models';
import { hintOfTags, mergeHints } from '../../core/models';
import type { ModelRegistry } from '../../core/registry';
import { noModelFileMessage, openWorkspaceRegistry } from '../../core/registry';
import type { Store } from '../../core/store';
import type { WorkspacePaths } from '../../core/workspace';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';
import { TASK_USAGE, TASK_VALUE_OPTIONS, tagsToRemember, taskHintOption } from './task-options';
import { call, MODELS_VALIDATION, MODEL_VERSIONS_GET, MODEL_VERSIONS_SET_TAG, REGISTERED_MODELS_GET_ALIAS } from '../../shared/contract';

export const validateUsage =
  `mlops validate MODEL@VERSION|MODEL@ALIAS|PATH.onnx --data FILE --label COLUMN [--criteria "accuracy>=0.9,f1>=0.8"] [--baseline ALIAS] [--max-regression 0.01] [--report-dir DIR] ${TASK_USAGE}   score a model on data and check it`;

/** Options that take a value, for main.ts's argument parser. */
export const VALIDATE_VALUE_OPTIONS = ['data', 'label', 'criteria', 'baseline', 'max-regression', 'report-dir', ...TASK_VALUE_OPTIONS];


/** A registry version's model file, as the runtime's MLflow JSON or the registry describes it. */
interface VersionFile {
  version: number;
  storageLocation: string | null;
  modelFile: string | null;
  source: string;
  tags: { key: string; value: string }[];
  unavailableReason: string | null;
}

/** `mlops validate`: exit 0 when every check passes, 1 when one fails (or on an error), 2 on a usage error. */
export async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [target, extra] = args.positionals;
  const data = stringOption(args, 'data');
  const label = stringOption(args, 'label');
  if (!target || extra !== undefined || !data || !label) throw new UsageError('mlops validate needs one model, --data FILE and --label COLUMN');
  const criteria = criteriaOption(stringOption(args, 'criteria'));
  const baselineOption = stringOption(args, 'baseline');
  const maxRegression = maxRegressionOption(stringOption(args, 'max-regression'), baselineOption);
  const hint = taskHintOption(args);
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const dataPath = resolve(data);
  if (!existsSync(dataPath)) throw invalid(`${data} does not exist`);
  const model = await loadModel(paths, target, hint);
  const task = taskOfModel(model.bytes, model.hint);
  asUsage(() => checkCriteriaTask(criteria, task), '--criteria');
  // A baseline's own tags say what it predicts; else it is taken to predict what the flags say.
  const baseline = baselineOption === undefined ? undefined : await loadModel(paths, baselineReference(baselineOption, model.ref), hint, false);
  const report = await validateModel({ model, data: dataPath, dataName: displayPath(paths, dataPath), label, criteria, baseline, maxRegression });
  io.out(renderMarkdown(report));
  const reportDir = stringOption(args, 'report-dir');
  if (reportDir !== undefined) io.out(`Wrote ${(await writeReportFiles(resolve(reportDir), report)).join(' and ')}.`);
  const { name, version } = model.ref;
  if (name !== undefined && version !== undefined) {
    await storeReport(paths, name, version, report);
    io.out(`Stored the validation on ${name} v${version}.`);
    const remembered = await rememberTask(paths, name, version, tagsToRemember(hint, model.tags ?? []));
    if (remembered) io.out(`Remembered ${remembered} on ${name} v${version}: the next validate or serve needs no --task/--classes.`);
  }
  return report.passed ? 0 : 1;
}

function criteriaOption(text: string | undefined): Criterion[] {
  return text === undefined ? [] : asUsage(() => parseCriteria(text), '--criteria');
}

/** A domain error about what the user typed is a usage error (exit 2). */
function asUsage<T>(fn: () => T, option: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_PARAMETER_VALUE') throw new UsageError(`${option}: ${error.message}`);
    throw error;
  }
}

function maxRegressionOption(text: string | undefined, baseline: string | undefined): number {
  if (text === undefined) return 0;
  if (baseline === undefined) throw new UsageError('--max-regression applies to a comparison: give --baseline too');
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError(`--max-regression must be a number ≥ 0 (e.g. 0.01), got "${text}"`);
  return value;
}

/** `--baseline champion` is an alias of the validated model; a MODEL@REF or a PATH.onnx stands alone. */
function baselineReference(option: string, model: ModelRef): string {
  if (option.includes('@') || isOnnxPath(option)) return option;
  if (model.name === undefined) throw new UsageError('--baseline ALIAS needs a registry model to validate; give --baseline MODEL@ALIAS or a PATH.onnx');
  return `${model.name}@${option}`;
}

function isOnnxPath(reference: string): boolean {
  return reference.toLowerCase().endsWith('.onnx');
}

type LoadedModel = ModelToValidate & { tags?: { key: string; value: string }[] };

/** `flagsWin`: the flags' hint over the version's tags (the validated model); else the tags over the flags (a baseline). */
async function loadModel(paths: WorkspacePaths, reference: string, flags: TaskHint, flagsWin = true): Promise<LoadedModel> {
  const at = reference.lastIndexOf('@');
  if (isOnnxPath(reference) || (at < 0 && existsSync(reference))) {
    const file = resolve(reference);
    if (!existsSync(file)) throw invalid(`${reference} does not exist`);
    return { ref: { path: displayPath(paths, file) }, bytes: await readFile(file), hint: flags };
  }
  if (at <= 0 || at === reference.length - 1) throw new UsageError(`"${reference}" names no model: give MODEL@VERSION, MODEL@ALIAS or a PATH.onnx`);
  const [name, selector] = [reference.slice(0, at), reference.slice(at + 1)];
  const byVersion = /^\d+$/.test(selector);
  const found = await viaRuntimeOrStore<VersionFile>(
    paths,
    async (client) => {
      const found = byVersion ? call(client, MODEL_VERSIONS_GET, { name, version: selector }) : call(client, REGISTERED_MODELS_GET_ALIAS, { name, alias: selector });
      const v = (await found).model_version;
      return { version: Number(v.version), storageLocation: v.storage_location ?? null, modelFile: v.mlops?.model_file ?? null, source: v.source, tags: v.tags ?? [], unavailableReason: v.mlops?.unavailable_reason ?? null };
    },
    (store) => {
      const registry = openRegistry(store, paths);
      return byVersion ? registry.getVersion(name, selector) : registry.versionByAlias(name, selector);
    },
  );
  if (!found.storageLocation || !found.modelFile) {
    throw invalid(noModelFileMessage({ name, version: found.version, source: found.source, unavailableReason: found.unavailableReason }));
  }
  const ref: ModelRef = { name, version: found.version, ...(!byVersion && { alias: selector }) };
  const remembered = hintOfTags(found.tags);
  const hint = flagsWin ? mergeHints(flags, remembered) : mergeHints(remembered, flags);
  return { ref, bytes: await readFile(join(fileURLToPath(found.storageLocation), found.modelFile)), hint, tags: found.tags };
}

function openRegistry(store: Store, paths: WorkspacePaths): ModelRegistry {
  return openWorkspaceRegistry(store, paths);
}

/** Through the runtime when it is up (it publishes the change), on the store directly when not. */
function storeReport(paths: WorkspacePaths, name: string, version: number, report: ValidationReport): Promise<void> {
  return viaRuntimeOrStore(
    paths,
    async (client) => {
      await call(client, MODELS_VALIDATION, { name, version, report });
    },
    (store) => {
      openRegistry(store, paths).setValidation(name, version, report);
    },
  );
}

/** Writes the task tags on the version (through the runtime when it is up); "mlops.task=…, mlops.classes=…" or undefined when none. */
async function rememberTask(paths: WorkspacePaths, name: string, version: number, tags: { key: string; value: string }[]): Promise<string | undefined> {
  if (tags.length === 0) return undefined;
  await viaRuntimeOrStore(
    paths,
    async (client) => {
      for (const { key, value } of tags) await call(client, MODEL_VERSIONS_SET_TAG, { name, version: String(version), key, value });
    },
    (store) => {
      const registry = openRegistry(store, paths);
      for (const { key, value } of tags) registry.setVersionTag(name, version, key, value);
    },
  );
  return tags.map((t) => `${t.key}=${t.value}`).join(', ');
}

async function writeReportFiles(dir: string, report: ValidationReport): Promise<string[]> {
  const { name, version, path } = report.model;
  const base = name !== undefined ? `${name.replace(/[^\w.-]+/g, '_')}-v${version}` : basename(path ?? 'model', '.onnx');
  await mkdir(dir, { recursive: true });
  const files = [join(dir, `${base}.validation.json`), join(dir, `${base}.validation.md`)];
  await writeFile(files[0]!, renderJson(report));
  await writeFile(files[1]!, renderMarkdown(report));
  return files;
}

/** Inside the workspace, relative to its root; elsewhere, absolute. */
function displayPath(paths: WorkspacePaths, file: string): string {
  const rel = relative(paths.root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
