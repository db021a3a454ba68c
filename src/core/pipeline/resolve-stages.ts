import { existsSync } from 'node:fs';
import { DomainError } from '../errors';
import { confine } from '../workspace';
import type { Context } from './interpolate';
import { interpolate, isInterpolated, toStr } from './interpolate';
import { noteRead, readParams } from './params-file';
import { PyFloat } from './py-yaml';
import type { YamlPath, YamlSource } from './yaml-source';

/** A stage definition with every `${…}` resolved, before its keys are checked. */
export interface ResolvedStage {
  name: string;
  definition: Record<string, unknown>;
  /** Where its definition is in the file (for errors). */
  path: YamlPath;
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat);
const isComposite = (v: unknown): boolean => v !== null && typeof v === 'object' && !(v instanceof PyFloat);

/**
 * The stages of one dvc.yaml as DVC's parsing/__init__.py resolves them: `params.yaml` of its
 * folder and `vars` make the context, `foreach`/`do` and `matrix` expand to `group@key` stages.
 */
export function resolveStages(source: YamlSource, workspace: string, folder: string): ResolvedStage[] {
  const doc = source.data ?? {};
  if (!isDict(doc)) throw source.error([], 'dvc.yaml must be a mapping with `stages:`.');
  const stages = doc.stages ?? {};
  if (!isDict(stages)) throw source.error(['stages'], '`stages:` must be a mapping of stage names to definitions.');
  const context: Context = {};
  const defaults = confine(workspace, 'params.yaml', source.file, folder).abs;
  const listed = Array.isArray(doc.vars) && doc.vars.some((v) => typeof v === 'string' && v.split(':')[0] === 'params.yaml');
  noteRead(defaults);
  if (!listed && existsSync(defaults)) merge(context, readParams(workspace, defaults, 'params.yaml'), source, ['vars']);
  loadVars(context, doc.vars, source, ['vars'], workspace, folder);
  const out: ResolvedStage[] = [];
  for (const [name, definition] of Object.entries(stages)) {
    const path = ['stages', name];
    if (name.includes('@') || name.includes(':') || name.includes('/')) throw source.error(path, `stage name '${name}' may not contain '@', ':' or '/'.`);
    if (!isDict(definition)) throw source.error(path, `stage '${name}' must be a mapping with at least \`cmd\`.`);
    try {
      if ('foreach' in definition) out.push(...expandForeach(name, definition, context, source, workspace, folder));
      else if ('matrix' in definition) out.push(...expandMatrix(name, definition, context, source, workspace, folder));
      else out.push({ name, path, definition: resolveOne(definition, context, source, path, workspace, folder) });
    } catch (error) {
      if (error instanceof DomainError && !/^.+:\d+: /.test(error.message)) throw source.error(path, `stage '${name}': ${error.message}`);
      throw error;
    }
  }
  return out;
}

function resolveOne(definition: Dict, context: Context, source: YamlSource, path: YamlPath, workspace: string, folder: string): Dict {
  const { vars, ...rest } = definition;
  if (vars === undefined) return interpolate(rest, context) as Dict;
  const local = clone(context);
  loadVars(local, vars, source, [...path, 'vars'], workspace, folder);
  return interpolate(rest, local) as Dict;
}

function expandForeach(name: string, definition: Dict, context: Context, source: YamlSource, workspace: string, folder: string): ResolvedStage[] {
  const path = ['stages', name];
  const extra = Object.keys(definition).filter((k) => k !== 'foreach' && k !== 'do');
  if (!isDict(definition.do)) throw source.error(path, `foreach stage '${name}' needs a \`do:\` mapping${extra.length ? ` (found ${extra.join(', ')} beside foreach)` : ''}.`);
  if (extra.length) throw source.error([...path, extra[0]!], `foreach stage '${name}' takes only \`foreach\` and \`do\`; '${extra[0]}' belongs inside \`do\`.`);
  const iterable = isInterpolated(definition.foreach) ? interpolate(definition.foreach, context) : definition.foreach;
  let entries: [string, unknown][];
  if (isDict(iterable)) entries = Object.entries(iterable);
  else if (Array.isArray(iterable)) entries = iterable.some(isComposite) ? iterable.map((v, i) => [String(i), v]) : iterable.map((v) => [toStr(v), v]);
  else throw source.error([...path, 'foreach'], `foreach of stage '${name}' must be a list or a mapping.`);
  return entries.map(([key, item]) => {
    const local: Context = { ...context, item, ...(isDict(iterable) && { key }) };
    return { name: `${name}@${key}`, path: [...path, 'do'], definition: resolveOne(definition.do as Dict, local, source, [...path, 'do'], workspace, folder) };
  });
}

function expandMatrix(name: string, definition: Dict, context: Context, source: YamlSource, workspace: string, folder: string): ResolvedStage[] {
  const path = ['stages', name];
  const { matrix: raw, ...template } = definition;
  const matrix = interpolate(raw, context);
  if (!isDict(matrix) || Object.values(matrix).some((v) => !Array.isArray(v))) throw source.error([...path, 'matrix'], `matrix of stage '${name}' must map names to lists.`);
  let combos: { item: Dict; fragments: string[] }[] = [{ item: {}, fragments: [] }];
  for (const [k, values] of Object.entries(matrix) as [string, unknown[]][]) {
    combos = combos.flatMap((c) => values.map((v, i) => ({ item: { ...c.item, [k]: v }, fragments: [...c.fragments, isComposite(v) ? `${k}${i}` : toStr(v)] })));
  }
  return combos.map(({ item, fragments }) => {
    const key = fragments.join('-');
    return { name: `${name}@${key}`, path, definition: resolveOne(template, { ...context, key, item }, source, path, workspace, folder) };
  });
}

/** `vars:` entries: mappings, or files (`file` or `file:key1,key2`) relative to the dvc.yaml's folder. */
function loadVars(context: Context, vars: unknown, source: YamlSource, path: YamlPath, workspace: string, folder: string): void {
  if (vars === undefined || vars === null) return;
  if (!Array.isArray(vars)) throw source.error(path, '`vars:` must be a list of files and mappings.');
  vars.forEach((entry, i) => {
    if (isDict(entry)) return merge(context, entry, source, [...path, i]);
    if (typeof entry !== 'string') throw source.error([...path, i], '`vars:` entries are file names or mappings.');
    if (isInterpolated(entry)) throw source.error([...path, i], '`vars:` entries cannot be interpolated.');
    const [file, keys] = entry.includes(':') ? [entry.slice(0, entry.lastIndexOf(':')), entry.slice(entry.lastIndexOf(':') + 1)] : [entry, undefined];
    const { abs } = confine(workspace, file, `${source.file} vars`, folder);
    let data: Dict;
    try {
      data = readParams(workspace, abs, file);
    } catch (error) {
      throw source.error([...path, i], (error as Error).message);
    }
    if (keys === undefined) return merge(context, data, source, [...path, i]);
    for (const k of keys.split(',').map((s) => s.trim())) {
      if (!Object.hasOwn(data, k)) throw source.error([...path, i], `'${k}' is not in ${file}.`);
      merge(context, { [k]: data[k] }, source, [...path, i]);
    }
  });
}

/** Deep merge; redefining a value that is not a mapping is an error, as in DVC's Context.merge_update. */
function merge(into: Dict, from: Dict, source: YamlSource, path: YamlPath, prefix = ''): void {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    if (isDict(existing) && isDict(v)) merge(existing, v, source, path, `${prefix}${k}.`);
    else if (existing !== undefined && path.length > 0 && path[0] === 'vars' && path.length > 1) throw source.error(path, `cannot redefine '${prefix}${k}': it is defined already (params.yaml or an earlier vars entry).`);
    else into[k] = clone(v);
  }
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  return value;
}
