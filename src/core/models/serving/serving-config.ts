import { ConfigDocument } from '../../workspace';
import { DEFAULT_SERVING_LIMITS } from './admission';
import { loadConfigSection } from '../../workspace';
import type { Report } from '../../workspace';
import { isMapping, unknownKeys } from '../../workspace';

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
  /** Rows one request may hold (413 past it). */
  maxRowsPerRequest: number;
  /** Rows parsed and scored at once over all requests; more wait their turn. */
  maxInflightRows: number;
  /** Rows waiting for their turn; past this, 503 with Retry-After. */
  maxQueuedRows: number;
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
  maxRowsPerRequest: DEFAULT_SERVING_LIMITS.maxRowsPerRequest,
  maxInflightRows: DEFAULT_SERVING_LIMITS.maxInflightRows,
  maxQueuedRows: DEFAULT_SERVING_LIMITS.maxQueuedRows,
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
  { key: 'max_rows_per_request', min: 1, max: 100_000_000, integer: true, set: (c, v) => (c.maxRowsPerRequest = v) },
  { key: 'max_inflight_rows', min: 1, max: 1_000_000_000, integer: true, set: (c, v) => (c.maxInflightRows = v) },
  { key: 'max_queued_rows', min: 0, max: 1_000_000_000, integer: true, set: (c, v) => (c.maxQueuedRows = v) },
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
  const doc = ConfigDocument.parse(text, label);
  // Syntax errors are the general config loader's to report; the serving section keeps its defaults.
  if (!doc.readable) return { config: structuredClone(SERVING_DEFAULTS), errors: [] };
  return { config: readServingSection(doc), errors: doc.errors };
}

/** The serving keys mlops.yaml knows (media/mlops.schema.json lists the same). */
export const SERVING_KEYS: readonly string[] = ['host', ...TOP_NUMBERS.map((s) => s.key), 'prediction_log'];
export const PREDICTION_LOG_KEYS: readonly string[] = ['enabled', ...LOG_NUMBERS.map((s) => s.key)];

/** The `serving:` section of a parsed document; each bad setting is reported into `doc` and keeps its default. */
export function readServingSection(doc: ConfigDocument): ServingConfig {
  const config = structuredClone(SERVING_DEFAULTS);
  const serving = isMapping(doc.root) ? doc.root.serving : undefined;
  if (!doc.readable || serving === undefined || serving === null) return config;
  const report: Report = (path, message, target) => doc.report(path, message, target);
  if (!isMapping(serving)) {
    doc.report(['serving'], 'serving must be a mapping (e.g. port: 5000)');
    return config;
  }
  unknownKeys(serving, SERVING_KEYS, ['serving'], 'serving', report);
  if (serving.host !== undefined && serving.host !== null) {
    if (typeof serving.host === 'string' && serving.host.trim() !== '') config.host = serving.host.trim();
    else doc.report(['serving', 'host'], 'serving.host must be an address to listen on, such as 127.0.0.1');
  }
  readNumbers(serving, TOP_NUMBERS, ['serving'], config, report);
  const log = serving.prediction_log;
  if (log !== undefined && log !== null) {
    if (!isMapping(log)) {
      doc.report(['serving', 'prediction_log'], 'serving.prediction_log must be a mapping (e.g. sample_rate: 0.1)');
    } else {
      unknownKeys(log, PREDICTION_LOG_KEYS, ['serving', 'prediction_log'], 'serving.prediction_log', report);
      if (log.enabled !== undefined && log.enabled !== null) {
        if (typeof log.enabled === 'boolean') config.predictionLog.enabled = log.enabled;
        else doc.report(['serving', 'prediction_log', 'enabled'], 'serving.prediction_log.enabled must be true or false');
      }
      readNumbers(log, LOG_NUMBERS, ['serving', 'prediction_log'], config, report);
    }
  }
  return config;
}

function readNumbers(section: Record<string, unknown>, settings: NumberSetting[], path: string[], config: ServingConfig, report: Report): void {
  for (const setting of settings) {
    const value = section[setting.key];
    if (value === undefined || value === null) continue;
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= setting.min && value <= setting.max && (!setting.integer || Number.isInteger(value));
    if (ok) setting.set(config, value * (setting.scale ?? 1));
    else report([...path, setting.key], `${[...path, setting.key].join('.')} must be ${setting.integer ? 'an integer' : 'a number'} from ${setting.min} to ${setting.max}`);
  }
}
