import { loadConfigSection } from './config-file';
import { LineCounter, parseDocument } from 'yaml';

/** mlops.yaml's `models:` section. */
export interface ModelsConfig {
  /** Aliases that may only point at a version with a passing validation. */
  protectedAliases: string[];
}

export interface ModelsConfigLoad {
  config: ModelsConfig;
  /** Each as "mlops.yaml:LINE: what is wrong". */
  errors: string[];
}

export const DEFAULT_PROTECTED_ALIASES = ['champion'];

const defaults = (): ModelsConfig => ({ protectedAliases: [...DEFAULT_PROTECTED_ALIASES] });

/** Reads the `models:` section of mlops.yaml; a missing file or section is the defaults. */
export function loadModelsConfig(path: string, label = 'mlops.yaml'): ModelsConfigLoad {
  return loadConfigSection(path, label, parseModelsConfig, () => ({ config: defaults(), errors: [] }));
}

/** Parses `models: { protected_aliases: [champion] }`; the rest of the file is config.ts's. */
export function parseModelsConfig(text: string, label = 'mlops.yaml'): ModelsConfigLoad {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const config = defaults();
  // Syntax errors are reported by loadConfig, for the whole file.
  if (doc.errors.length > 0) return { config, errors: [] };
  const lineOf = (path: string[]): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const root: unknown = doc.toJS();
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { config, errors: [] };
  const models = (root as Record<string, unknown>).models;
  if (models === undefined || models === null) return { config, errors: [] };
  if (typeof models !== 'object' || Array.isArray(models)) return { config, errors: [`${label}:${lineOf(['models'])}: models must be a mapping (e.g. protected_aliases: [champion])`] };
  const aliases = (models as Record<string, unknown>).protected_aliases;
  if (aliases === undefined) return { config, errors: [] };
  if (aliases === null) return { config: { protectedAliases: [] }, errors: [] };
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !/^[\w-]+$/.test(a))) {
    return { config, errors: [`${label}:${lineOf(['models', 'protected_aliases'])}: models.protected_aliases must be a list of alias names (letters, digits, _ and -)`] };
  }
  return { config: { protectedAliases: aliases as string[] }, errors: [] };
}
