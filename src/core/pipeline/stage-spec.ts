import { posix } from 'node:path';
import { confine } from '../workspace';
import type { ResolvedStage } from './resolve-stages';
import type { DepSpec, OutSpec, ParamSpec, Stage } from './types';
import type { YamlPath, YamlSource } from './yaml-source';

const KEYS = new Set(['cmd', 'wdir', 'deps', 'params', 'outs', 'metrics', 'plots', 'frozen', 'always_changed', 'desc', 'meta']);
const OUT_FLAGS = new Set(['cache', 'persist', 'push', 'desc', 'type', 'labels', 'meta', 'remote', 'x', 'y', 'template', 'title', 'x_label', 'y_label', 'header']);

export const DEFAULT_PARAMS = 'params.yaml';

/** Checks a resolved definition's keys and types (DVC's schema) and makes it a Stage. */
export function toStage(resolved: ResolvedStage, source: YamlSource, workspace: string, folder: string): Stage {
  const { name, definition: d, path } = resolved;
  const at = (key: string | number, ...more: (string | number)[]): YamlPath => [...path, key, ...more];
  const fail = (where: YamlPath, message: string) => source.error(where, `stage '${name}': ${message}`);
  for (const key of Object.keys(d)) if (!KEYS.has(key)) throw fail(at(key), `unknown key '${key}' (a stage has ${[...KEYS].join(', ')}).`);
  const cmd = d.cmd;
  const cmdOk = (typeof cmd === 'string' && cmd.trim() !== '') || (Array.isArray(cmd) && cmd.length > 0 && cmd.every((c) => typeof c === 'string'));
  if (!cmdOk) throw fail(at('cmd'), '`cmd` must be a command or a list of commands.');
  if (d.wdir !== undefined && typeof d.wdir !== 'string') throw fail(at('wdir'), '`wdir` must be a folder path.');
  const wdirAbs = confine(workspace, (d.wdir as string | undefined) ?? '.', `${source.file}:${source.lineOf(at('wdir'))}`, folder);
  const keyOf = (p: string, where: YamlPath): string => {
    if (typeof p !== 'string' || p === '') throw fail(where, 'a path must be a non-empty string.');
    return confine(workspace, p, `${source.file}:${source.lineOf(where)} (stage '${name}')`, wdirAbs.abs).rel;
  };
  const list = (key: string): unknown[] => {
    const v = d[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw fail(at(key), `\`${key}\` must be a list.`);
    return v;
  };
  const deps: DepSpec[] = list('deps').map((p, i) => {
    if (typeof p !== 'string') throw fail(at('deps', i), 'a dependency is a path.');
    return { path: p, key: keyOf(p, at('deps', i)), line: source.lineOf(at('deps', i)) };
  });
  const outs: OutSpec[] = [];
  for (const kind of ['outs', 'metrics', 'plots'] as const) {
    list(kind).forEach((item, i) => outs.push(outSpec(item, kind, at(kind, i), keyOf, fail, source)));
  }
  for (const flag of ['frozen', 'always_changed'] as const) if (d[flag] !== undefined && typeof d[flag] !== 'boolean') throw fail(at(flag), `\`${flag}\` must be true or false.`);
  return {
    name,
    id: folder === workspace ? name : `${posix.dirname(source.file)}/dvc.yaml:${name}`,
    file: source.file,
    line: source.lineOf(path),
    cmd: cmd as string | string[],
    wdir: wdirAbs.rel,
    deps,
    params: paramSpecs(list('params'), at, keyOf, fail, source),
    outs,
    frozen: d.frozen === true,
    alwaysChanged: d.always_changed === true,
    ...(typeof d.desc === 'string' && { desc: d.desc }),
  };
}

type Fail = (where: YamlPath, message: string) => Error;

function outSpec(item: unknown, kind: OutSpec['kind'], where: YamlPath, keyOf: (p: string, w: YamlPath) => string, fail: Fail, source: YamlSource): OutSpec {
  let path: unknown = item;
  let flags: Record<string, unknown> = {};
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item);
    if (entries.length !== 1) throw fail(where, `an entry of \`${kind}\` is a path, or one path with its options.`);
    [path, flags] = [entries[0]![0], (entries[0]![1] ?? {}) as Record<string, unknown>];
    if (typeof flags !== 'object' || Array.isArray(flags)) throw fail(where, `the options of '${String(path)}' must be a mapping.`);
  }
  if (typeof path !== 'string') throw fail(where, `an entry of \`${kind}\` is a path.`);
  for (const [flag, value] of Object.entries(flags)) {
    if (!OUT_FLAGS.has(flag)) throw fail(where, `unknown option '${flag}' of '${path}'.`);
    if (['cache', 'persist', 'push'].includes(flag) && typeof value !== 'boolean') throw fail(where, `'${flag}' of '${path}' must be true or false.`);
  }
  return { path, key: keyOf(path, where), kind, cache: flags.cache !== false, persist: flags.persist === true, push: flags.push !== false, line: source.lineOf(where) };
}

/** `params:` items: a key of params.yaml, or `{file: [keys]}`, or `{file: null}` (the whole file). */
function paramSpecs(items: unknown[], at: (...k: (string | number)[]) => YamlPath, keyOf: (p: string, w: YamlPath) => string, fail: Fail, source: YamlSource): ParamSpec[] {
  const byFile = new Map<string, ParamSpec>();
  const add = (file: string, keys: string[] | undefined, where: YamlPath): void => {
    const existing = byFile.get(file);
    if (existing) {
      existing.keys = existing.keys === undefined || keys === undefined ? undefined : [...new Set([...existing.keys, ...keys])];
      return;
    }
    byFile.set(file, { path: file, key: keyOf(file, where), keys, line: source.lineOf(where) });
  };
  items.forEach((item, i) => {
    if (typeof item === 'string') return add(DEFAULT_PARAMS, [item], at('params', i));
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw fail(at('params', i), 'a params entry is a key of params.yaml or `file: [keys]`.');
    for (const [file, keys] of Object.entries(item)) {
      if (keys === null || (Array.isArray(keys) && keys.length === 0)) add(file, undefined, at('params', i));
      else if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) add(file, keys as string[], at('params', i));
      else throw fail(at('params', i), `the keys of '${file}' must be a list of names (or empty for the whole file).`);
    }
  });
  return [...byFile.values()];
}
