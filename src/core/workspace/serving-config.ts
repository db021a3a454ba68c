import { loadConfigSection } from './config-file';
import { LineCounter, parseDocument } from 'yaml';

/** The `serving:` section of mlops.yaml: how `mlops serve` listens and keeps its prediction log. */
export interface ServingConfig {
  host: string;
  port: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  idleTimeoutMs: number;
  /** Graceful stop: how long in-flight requests may take before connections are cut. */
  shutdownTimeoutMs: number;
  /** How often a served alias is checked for a move. */
  aliasPollMs: number;
  /** onnxruntime intra-op threads per run. */
  threads: number;
  predictionLog: {
    enabled: boolean;
    sampleRate: number;
    maxDays: number;
    maxBytes: number;
    flushIntervalMs: number;
  };
}

export const SERVING_DEFAULTS: ServingConfig = {
  host: '127.0.0.1',
  port: 5000,
  maxBodyBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  shutdownTimeoutMs: 30_000,
  aliasPollMs: 1_000,
  threads: 1,
  predictionLog: { enabled: true, sampleRate: 1, maxDays: 30, maxBytes: 1024 * 1024 * 1024, flushIntervalMs: 200 },
};

export interface ServingConfigLoad {
  config: ServingConfig;
  /** Each as "mlops.yaml:LINE: what is wrong"; the setting keeps its default. */
  errors: string[];
}

const MB = 1024 * 1024;

/** A number setting: yaml key, where it goes, its bounds, and the unit it is converted from. */
interface NumberSetting {
  key: string;
  min: number;
  max: number;
  integer?: boolean;
  scale?: number;
  set(config: ServingConfig, value: number): void;
}

const TOP_NUMBERS: NumberSetting[] = [
  { key: 'port', min: 0, max: 65535, integer: true, set: (c, v) => (c.port = v) },
  { key: 'max_body_mb', min: 0.001, max: 4096, scale: MB, set: (c, v) => (c.maxBodyBytes = Math.round(v)) },
  { key: 'request_timeout_seconds', min: 0.1, max: 86_400, scale: 1000, set: (c, v) => (c.requestTimeoutMs = v) },
  { key: 'header_timeout_seconds', min: 0.1, max: 3600, scale: 1000, set: (c, v) => (c.headersTimeoutMs = v) },
  { key: 'idle_timeout_seconds', min: 0.1, max: 3600, scale: 1000, set: (c, v) => (c.idleTimeoutMs = v) },
  { key: 'shutdown_timeout_seconds', min: 0, max: 3600, scale: 1000, set: (c, v) => (c.shutdownTimeoutMs = v) },
  { key: 'alias_poll_seconds', min: 0.05, max: 3600, scale: 1000, set: (c, v) => (c.aliasPollMs = v) },
  { key: 'threads', min: 1, max: 256, integer: true, set: (c, v) => (c.threads = v) },
];

const LOG_NUMBERS: NumberSetting[] = [
  { key: 'sample_rate', min: 0, max: 1, set: (c, v) => (c.predictionLog.sampleRate = v) },
  { key: 'max_days', min: 1, max: 36_500, integer: true, set: (c, v) => (c.predictionLog.maxDays = v) },
  { key: 'max_mb', min: 0.001, max: 1024 * 1024, scale: MB, set: (c, v) => (c.predictionLog.maxBytes = Math.round(v)) },
  { key: 'flush_interval_ms', min: 1, max: 60_000, integer: true, set: (c, v) => (c.predictionLog.flushIntervalMs = v) },
];

/** Reads the serving section of mlops.yaml; a missing file or section is the defaults. */
export function loadServingConfig(path: string, label = 'mlops.yaml'): ServingConfigLoad {
  return loadConfigSection(path, label, parseServingConfig, () => ({ config: structuredClone(SERVING_DEFAULTS), errors: [] }));
}

export function parseServingConfig(text: string, label = 'mlops.yaml'): ServingConfigLoad {
  const config = structuredClone(SERVING_DEFAULTS);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  // Syntax errors are the general config loader's to report; the serving section keeps its defaults.
  if (doc.errors.length > 0) return { config, errors: [] };
  const root: unknown = doc.toJS();
  const serving = isMapping(root) ? root.serving : undefined;
  if (serving === undefined || serving === null) return { config, errors: [] };
  const errors: string[] = [];
  const at = (path: string[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return `${label}:${node?.range ? lineCounter.linePos(node.range[0]).line : 1}`;
  };
  if (!isMapping(serving)) return { config, errors: [`${at(['serving'])}: serving must be a mapping (e.g. port: 5000)`] };
  if (serving.host !== undefined && serving.host !== null) {
    if (typeof serving.host === 'string' && serving.host.trim() !== '') config.host = serving.host.trim();
    else errors.push(`${at(['serving', 'host'])}: serving.host must be an address to listen on, such as 127.0.0.1`);
  }
  errors.push(...readNumbers(serving, TOP_NUMBERS, ['serving'], config, at));
  const log = serving.prediction_log;
  if (log !== undefined && log !== null) {
    if (!isMapping(log)) {
      errors.push(`${at(['serving', 'prediction_log'])}: serving.prediction_log must be a mapping (e.g. sample_rate: 0.1)`);
    } else {
      if (log.enabled !== undefined && log.enabled !== null) {
        if (typeof log.enabled === 'boolean') config.predictionLog.enabled = log.enabled;
        else errors.push(`${at(['serving', 'prediction_log', 'enabled'])}: serving.prediction_log.enabled must be true or false`);
      }
      errors.push(...readNumbers(log, LOG_NUMBERS, ['serving', 'prediction_log'], config, at));
    }
  }
  return { config, errors };
}

function readNumbers(section: Record<string, unknown>, settings: NumberSetting[], path: string[], config: ServingConfig, at: (path: string[]) => string): string[] {
  const errors: string[] = [];
  for (const setting of settings) {
    const value = section[setting.key];
    if (value === undefined || value === null) continue;
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= setting.min && value <= setting.max && (!setting.integer || Number.isInteger(value));
    if (ok) setting.set(config, value * (setting.scale ?? 1));
    else errors.push(`${at([...path, setting.key])}: ${[...path, setting.key].join('.')} must be ${setting.integer ? 'an integer' : 'a number'} from ${setting.min} to ${setting.max}`);
  }
  return errors;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
