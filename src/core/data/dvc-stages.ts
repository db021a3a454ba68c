import { readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { datasetKey, locateInside } from './data-path';
import { walkFiles } from './walk';

/** An output a DVC pipeline stage produced, as `dvc.lock` records it: DVC-cached data like a `.dvc` pointer's. */
export interface StageOut {
  /** Workspace-relative `/` path. */
  path: string;
  md5: string;
  size: number;
  nfiles?: number;
  stage: string;
  /** Workspace-relative `dvc.lock` that records it. */
  lockFile: string;
  /** Recorded by DVC 2 (no `hash: md5`). */
  legacy?: true;
}

export interface StageProblem {
  file: string;
  reason: string;
}

type Stages = Record<string, { outs?: unknown; metrics?: unknown; plots?: unknown; wdir?: unknown } | null>;

const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

/**
 * The cached outputs every `dvc.lock` of the workspace records (schema 2.0): outputs that dvc.yaml
 * marks `cache: false` are in git, not in the cache, and are left out; a lock file that cannot be
 * read, or an output that names a path outside the workspace, is a problem, never guessed at.
 */
export function discoverStageOuts(workspace: string, maxDepth = 8): { outs: StageOut[]; problems: StageProblem[] } {
  const outs: StageOut[] = [];
  const problems: StageProblem[] = [];
  const locks: string[] = [];
  walkFiles(workspace, (full) => full.endsWith(`${sep}dvc.lock`) && locks.push(full), maxDepth);
  for (const lock of locks.sort()) {
    const file = relative(workspace, lock).split(sep).join('/');
    const stages = readStages(lock, file, problems);
    if (!stages) continue;
    const declared = readDeclared(join(dirname(lock), 'dvc.yaml'));
    for (const [stage, entry] of Object.entries(stages)) {
      const wdir = declared.wdirs.get(stage.split('@')[0]!) ?? '.';
      for (const item of Array.isArray(entry?.outs) ? (entry.outs as Record<string, unknown>[]) : []) {
        if (typeof item?.path !== 'string' || typeof item.md5 !== 'string' || !MD5.test(item.md5)) continue;
        const inFolder = posix.normalize(posix.join(wdir, item.path));
        if (declared.uncached.has(inFolder)) continue;
        try {
          const path = datasetKey(workspace, join(dirname(lock), ...inFolder.split('/')), `${file} (stage ${stage})`);
          locateInside(workspace, path, `${file} (stage ${stage})`);
          outs.push({
            path,
            md5: item.md5,
            size: typeof item.size === 'number' ? item.size : 0,
            ...(typeof item.nfiles === 'number' && { nfiles: item.nfiles }),
            stage,
            lockFile: file,
            ...(item.hash !== 'md5' && { legacy: true as const }),
          });
        } catch (error) {
          problems.push({ file, reason: `${(error as Error).message.replace(/\.$/, '')}; the output is not tracked.` });
        }
      }
    }
  }
  return { outs, problems };
}

/**
 * The stage that declares `rel` as an output in a `dvc.yaml` of its folder or one above it. DVC
 * refuses a `.dvc` pointer for a stage's output, so none may be written for it.
 */
export function declaringStage(workspace: string, rel: string): string | undefined {
  const parts = rel.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const folder = parts.slice(0, i).join('/');
    const declared = readDeclared(join(workspace, ...parts.slice(0, i), 'dvc.yaml'));
    for (let j = parts.length; j > i; j--) {
      const stage = declared.outs.get(parts.slice(i, j).join('/')); // the output itself, or a folder output holding it
      if (stage !== undefined) return folder === '' ? stage : `${folder}/dvc.yaml:${stage}`;
    }
  }
  return undefined;
}

function readStages(lock: string, file: string, problems: StageProblem[]): Stages | undefined {
  try {
    const doc = parse(readFileSync(lock, 'utf8')) as { stages?: unknown } | null;
    if (doc?.stages === undefined) return {};
    if (typeof doc.stages !== 'object' || doc.stages === null) throw new Error('`stages:` is not a mapping');
    return doc.stages as Stages;
  } catch (error) {
    problems.push({ file, reason: `cannot be read (${(error as Error).message.split('\n')[0]}); its outputs are not tracked until it is fixed.` });
    return undefined;
  }
}

/** What a `dvc.yaml` declares: each output (relative to its folder) with its stage, which of them are `cache: false`, and stage `wdir`s. */
function readDeclared(file: string): { outs: Map<string, string>; uncached: Set<string>; wdirs: Map<string, string> } {
  const declared = { outs: new Map<string, string>(), uncached: new Set<string>(), wdirs: new Map<string, string>() };
  let stages: Stages;
  try {
    stages = ((parse(readFileSync(file, 'utf8')) as { stages?: Stages } | null)?.stages ?? {}) as Stages;
  } catch {
    return declared; // no dvc.yaml, or one DVC itself would refuse: nothing declared
  }
  for (const [stage, entry] of Object.entries(stages)) {
    const wdir = typeof entry?.wdir === 'string' ? entry.wdir : '.';
    if (wdir !== '.') declared.wdirs.set(stage, wdir);
    for (const list of [entry?.outs, entry?.metrics, entry?.plots]) {
      for (const item of Array.isArray(list) ? (list as unknown[]) : []) {
        const [path, options] = typeof item === 'string' ? [item, undefined] : item && typeof item === 'object' ? (Object.entries(item)[0] ?? []) : [];
        if (typeof path !== 'string' || path.includes('${')) continue;
        const inFolder = posix.normalize(posix.join(wdir, path));
        declared.outs.set(inFolder, stage);
        if ((options as { cache?: unknown } | undefined)?.cache === false) declared.uncached.add(inFolder);
      }
    }
  }
  return declared;
}
