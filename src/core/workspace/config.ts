import { dirname } from 'node:path';
import { ConfigDocument } from './config-document';
import { loadConfigSection } from './config-file';
import type { Report } from './config-parsing';
import { isMapping, unknownKeys } from './config-parsing';
import { confine } from './confine';

export interface MlopsConfig {
  version: number;
  data: {
    track: string[];
    /** Where `mlops data push` copies cache objects: a directory, relative to the workspace root. */
    remote?: string;
    gc?: { keep?: number };
    /** How the cache and the workspace share bytes: copy-on-write where the filesystem can (else a copy), or always a copy. */
    link?: 'reflink' | 'copy';
  };
}

export interface ConfigLoad {
  config: MlopsConfig;
  /** Each as "mlops.yaml:LINE: what is wrong". */
  errors: string[];
}

/** The top-level sections of mlops.yaml (media/mlops.schema.json lists the same). */
export const TOP_LEVEL_KEYS = ['version', 'data', 'models', 'monitors', 'alerting', 'serving', 'schedules'] as const;
export const DATA_KEYS = ['track', 'remote', 'gc', 'link'] as const;
export const GC_KEYS = ['keep'] as const;

const DEFAULTS: MlopsConfig = { version: 1, data: { track: [] } };
export const defaultConfig = (): MlopsConfig => structuredClone(DEFAULTS);

/** Reads mlops.yaml; a missing file is the defaults, a broken one the defaults plus its errors. */
export function loadConfig(path: string, label = 'mlops.yaml'): ConfigLoad {
  return loadConfigSection(path, label, (text) => parseConfig(text, label, dirname(path)), () => ({ config: defaultConfig(), errors: [] }));
}

/**
 * Parses the whole file's shape (top-level keys, version) and the `data:` section. With `root`
 * (the workspace), each `data.track` entry must stay inside it; a bad entry is left out alone.
 */
export function parseConfig(text: string, label = 'mlops.yaml', root?: string): ConfigLoad {
  const doc = ConfigDocument.parse(text, label);
  const config = readConfigSection(doc, root);
  return { config, errors: doc.errors };
}

/** The general section of a parsed document; its problems are reported into `doc`. */
export function readConfigSection(doc: ConfigDocument, root?: string): MlopsConfig {
  const config = defaultConfig();
  if (!doc.readable || doc.root === null || doc.root === undefined) return config;
  const report: Report = (path, message, target) => doc.report(path, message, target);
  if (!isMapping(doc.root)) {
    report([], 'the top level must be a mapping (key: value)');
    return config;
  }
  const raw = doc.root;
  // x-… keys are the user's own (a place for anchors to reuse), as in Compose files.
  const own = Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('x-')));
  unknownKeys(own, TOP_LEVEL_KEYS, [], 'top-level', report);
  if (raw.version !== undefined && raw.version !== 1) report(['version'], 'version must be 1');
  if (raw.data === undefined || raw.data === null) return config;
  if (!isMapping(raw.data)) {
    report(['data'], 'data must be a mapping');
    return config;
  }
  const data = raw.data;
  unknownKeys(data, DATA_KEYS, ['data'], 'data', report);
  if (data.track !== undefined && data.track !== null) config.data.track = readTrack(data.track, report, root);
  if (data.remote !== undefined && data.remote !== null) {
    if (typeof data.remote !== 'string' || data.remote.trim() === '') report(['data', 'remote'], 'data.remote must be the path of a directory (or a file:// URL)');
    else config.data.remote = data.remote;
  }
  if (data.gc !== undefined && data.gc !== null) readGc(data.gc, report, config.data);
  if (data.link !== undefined && data.link !== null) {
    if (data.link === 'reflink' || data.link === 'copy') config.data.link = data.link;
    else if (data.link === 'hardlink' || data.link === 'symlink') {
      report(['data', 'link'], `data.link ${data.link} would make the workspace file and the cache object one file, so an editor save would corrupt the cache; use reflink (copy-on-write where the filesystem can, else a copy) or copy`);
    } else report(['data', 'link'], 'data.link must be reflink or copy');
  }
  return config;
}

/** The usable entries of data.track; each bad one is reported and left out, the others still apply. */
function readTrack(track: unknown, report: Report, root: string | undefined): string[] {
  if (!Array.isArray(track)) {
    report(['data', 'track'], 'data.track must be a list of paths or globs');
    return [];
  }
  const kept: string[] = [];
  track.forEach((entry: unknown, i) => {
    const path = ['data', 'track', i];
    if (typeof entry !== 'string' || entry.trim() === '') return report(path, 'data.track must be a list of paths or globs; this entry is not one and is ignored');
    const problem = root === undefined ? undefined : trackProblem(root, entry);
    if (problem) return report(path, `${problem}; this entry is ignored, the others are tracked`);
    kept.push(entry);
  });
  return kept;
}

/** Why a data.track entry cannot be tracked: it leaves the workspace or names Local MLOps' own state. */
function trackProblem(root: string, entry: string): string | undefined {
  const spec = entry.replace(/\\/g, '/').replace(/\/+$/, '');
  const parts = spec.split('/');
  const glob = parts.findIndex((part) => /[*?]/.test(part));
  const fixed = (glob < 0 ? parts : parts.slice(0, glob)).join('/') || '.';
  let rel: string;
  try {
    rel = confine(root, fixed, `data.track entry '${entry}'`).rel;
  } catch (error) {
    return (error as Error).message.replace(/\.$/, '');
  }
  if (rel === '.mlops' || rel.startsWith('.mlops/')) return `data.track entry '${entry}' names .mlops, where Local MLOps keeps its own state`;
  return undefined;
}

function readGc(gc: unknown, report: Report, data: MlopsConfig['data']): void {
  if (!isMapping(gc)) return report(['data', 'gc'], 'data.gc must be a mapping (e.g. keep: 5)');
  unknownKeys(gc, GC_KEYS, ['data', 'gc'], 'data.gc', report);
  const keep = gc.keep;
  if (keep === undefined || keep === null) return;
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) {
    return report(['data', 'gc', 'keep'], 'data.gc.keep must be a positive integer (how many recent versions of each dataset gc keeps)');
  }
  data.gc = { keep };
}
