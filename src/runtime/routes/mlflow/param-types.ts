import type { IncomingMessage } from 'node:http';
import { invalid } from '../../../core/errors';

/**
 * MLflow's server parses a request into its proto and, when a JSON value has the wrong type
 * (`{"name": 123}` for a string field), answers INVALID_PARAMETER_VALUE in the words of
 * handlers.py's _validate_param_against_schema. The runtime does the same on MLflow's tracking
 * routes; the registry routes keep their own, more lenient, reading.
 */

const TRACKING_PATH = /^\/(?:ajax-)?api\/2\.0\/mlflow\/(?!registered-models|model-versions)/;

/** At most this much body text is kept to quote numbers in error messages. */
const KEPT_TEXT = 64 * 1024;

export function isStrictMlflowPath(pathname: string): boolean {
  return TRACKING_PATH.test(pathname);
}

/**
 * Keeps the first bytes of the request body as they arrive (the body reader gets them too), so a
 * message can quote `9.0` as written rather than as JavaScript prints it. Call before reading.
 */
export function captureBodyText(req: IncomingMessage): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    if (size >= KEPT_TEXT) return void req.off('data', onData);
    chunks.push(chunk);
    size += chunk.length;
  };
  req.on('data', onData);
  req.once('end', () => req.off('data', onData));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** `Invalid value 123 for parameter 'name' supplied. Hint: Value was of type 'int'. See the API docs …` */
export function wrongType(name: string, value: unknown, bodyText: string): Error {
  const literal = typeof value === 'number' ? numberLiteral(name, value, bodyText) : pythonJson(value);
  return invalid(
    `Invalid value ${literal} for parameter '${name}' supplied. Hint: Value was of type '${pythonType(value, literal)}'. See the API docs for more information about request parameters.`,
  );
}

/** The number as the client wrote it for this field (`9.0`), else as JavaScript prints it. */
function numberLiteral(name: string, value: number, bodyText: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const written = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`).exec(bodyText)?.[1];
  return written !== undefined && Number(written) === value ? written : String(value);
}

function pythonType(value: unknown, literal: string): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'number') return /[.eE]/.test(literal) ? 'float' : 'int';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** json.dumps(value, sort_keys=True, separators=(",", ":")), as MLflow quotes the value. */
function pythonJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  const text = JSON.stringify(sorted(value)) ?? String(value);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
