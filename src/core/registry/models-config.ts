import { ConfigDocument } from '../workspace';
import { loadConfigSection } from '../workspace';
import { isMapping, unknownKeys } from '../workspace';

/** mlops.yaml's `models:` section. */
export interface ModelsConfig {
  /** Aliases that may only point at a version with a passing validation. */
  protectedAliases: string[];
  /** Folders outside the workspace that model sources may be read from, as written (relative to the workspace). */
  allowedSources: string[];
}

export interface ModelsConfigLoad {
  config: ModelsConfig;
  /** Each as "mlops.yaml:LINE: what is wrong". */
  errors: string[];
}

export const DEFAULT_PROTECTED_ALIASES = ['champion'];
export const MODELS_KEYS = ['protected_aliases', 'allowed_sources'] as const;

const defaults = (): ModelsConfig => ({ protectedAliases: [...DEFAULT_PROTECTED_ALIASES], allowedSources: [] });

/** Reads the `models:` section of mlops.yaml; a missing file or section is the defaults. */
export function loadModelsConfig(path: string, label = 'mlops.yaml'): ModelsConfigLoad {
  return loadConfigSection(path, label, parseModelsConfig, () => ({ config: defaults(), errors: [] }));
}

/** Parses `models: { protected_aliases: [champion] }`; the rest of the file is config.ts's. */
export function parseModelsConfig(text: string, label = 'mlops.yaml'): ModelsConfigLoad {
  const doc = ConfigDocument.parse(text, label);
  // Syntax errors are reported by loadConfig, for the whole file.
  if (!doc.readable) return { config: defaults(), errors: [] };
  return { config: readModelsSection(doc), errors: doc.errors };
}

/** The `models:` section of a parsed document; its problems are reported into `doc`. */
export function readModelsSection(doc: ConfigDocument): ModelsConfig {
  const config = defaults();
  const models = isMapping(doc.root) ? doc.root.models : undefined;
  if (!doc.readable || models === undefined || models === null) return config;
  if (!isMapping(models)) {
    doc.report(['models'], 'models must be a mapping (e.g. protected_aliases: [champion])');
    return config;
  }
  unknownKeys(models, MODELS_KEYS, ['models'], 'models', (path, message, target) => doc.report(path, message, target));
  const sources = models.allowed_sources;
  if (sources !== undefined && sources !== null) {
    if (Array.isArray(sources) && sources.every((s) => typeof s === 'string' && s !== '')) config.allowedSources = sources as string[];
    else doc.report(['models', 'allowed_sources'], 'models.allowed_sources must be a list of folder paths model files may be registered from');
  }
  const aliases = models.protected_aliases;
  if (aliases === undefined) return config;
  if (aliases === null) return { ...config, protectedAliases: [] };
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !/^[\w-]+$/.test(a))) {
    doc.report(['models', 'protected_aliases'], 'models.protected_aliases must be a list of alias names (letters, digits, _ and -)');
    return config;
  }
  return { ...config, protectedAliases: aliases as string[] };
}
