import { loadConfigSection } from './config-file';
import { LineCounter, parseDocument } from 'yaml';

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

const DEFAULTS: MlopsConfig = { version: 1, data: { track: [] } };

/** Reads mlops.yaml; a missing file is the defaults, a broken one the defaults plus its errors. */
export function loadConfig(path: string, label = 'mlops.yaml'): ConfigLoad {
  return loadConfigSection(path, label, parseConfig, () => ({ config: structuredClone(DEFAULTS), errors: [] }));
}

export function parseConfig(text: string, label = 'mlops.yaml'): ConfigLoad {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const errors = doc.errors.map((e) => `${label}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  const config = structuredClone(DEFAULTS);
  if (errors.length > 0) return { config, errors };
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { config, errors };
  const lineOf = (path: (string | number)[]): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { config, errors: [`${label}:1: the top level must be a mapping (key: value)`] };
  }
  const raw = value as Record<string, unknown>;
  if (raw.version !== undefined) {
    if (raw.version !== 1) errors.push(`${label}:${lineOf(['version'])}: version must be 1`);
  }
  if (raw.data !== undefined) {
    const data = raw.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      errors.push(`${label}:${lineOf(['data'])}: data must be a mapping`);
    } else {
      if (data.track !== undefined && data.track !== null) {
        if (!Array.isArray(data.track) || data.track.some((p) => typeof p !== 'string' || p.trim() === '')) {
          errors.push(`${label}:${lineOf(['data', 'track'])}: data.track must be a list of paths or globs`);
        } else {
          config.data.track = data.track as string[];
        }
      }
      if (data.remote !== undefined && data.remote !== null) {
        if (typeof data.remote !== 'string' || data.remote.trim() === '') {
          errors.push(`${label}:${lineOf(['data', 'remote'])}: data.remote must be the path of a directory (or a file:// URL)`);
        } else {
          config.data.remote = data.remote;
        }
      }
      if (data.gc !== undefined && data.gc !== null) errors.push(...parseGc(data.gc, label, lineOf, config.data));
      if (data.link !== undefined && data.link !== null) {
        if (data.link === 'reflink' || data.link === 'copy') config.data.link = data.link;
        else if (data.link === 'hardlink' || data.link === 'symlink') {
          errors.push(`${label}:${lineOf(['data', 'link'])}: data.link ${data.link} would make the workspace file and the cache object one file, so an editor save would corrupt the cache; use reflink (copy-on-write where the filesystem can, else a copy) or copy`);
        } else errors.push(`${label}:${lineOf(['data', 'link'])}: data.link must be reflink or copy`);
      }
    }
  }
  return { config, errors };
}

function parseGc(gc: unknown, label: string, lineOf: (path: (string | number)[]) => number, data: MlopsConfig['data']): string[] {
  if (typeof gc !== 'object' || gc === null || Array.isArray(gc)) return [`${label}:${lineOf(['data', 'gc'])}: data.gc must be a mapping (e.g. keep: 5)`];
  const keep = (gc as Record<string, unknown>).keep;
  if (keep === undefined || keep === null) return [];
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) {
    return [`${label}:${lineOf(['data', 'gc', 'keep'])}: data.gc.keep must be a positive integer (how many recent versions of each dataset gc keeps)`];
  }
  data.gc = { keep };
  return [];
}
