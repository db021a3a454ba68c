import type { ScoringFormat } from '../scoring';
import type { ServedModel } from './session-holder';

/** One line of the prediction log, as the monitoring feature reads it back. */
export interface PredictionRecord {
  request_id: string;
  /** ISO 8601, UTC: when the request arrived. */
  time: string;
  model: string;
  version: string | null;
  alias?: string;
  status: number;
  latency_ms: number;
  /** The body's format; absent when it could not be told. */
  format?: ScoringFormat;
  /** Rows scored (successful requests). */
  rows?: number;
  /** A JSON body exactly as sent (bare NaN/Infinity quoted): { "dataframe_split": …, "params": … }. */
  request?: unknown;
  /** A body that is not JSON: the CSV text; for a failed request, the body's first 4 KiB. */
  request_text?: string;
  /** A failed request's body size in bytes (its text is cut to the first 4 KiB). */
  request_bytes?: number;
  /** The answer's "predictions" value. */
  predictions?: unknown;
  error?: { error_code: string; message: string };
}

export interface RecordFields {
  requestId: string;
  time: string;
  model: ServedModel;
  status: number;
  latencyMs: number;
  format?: ScoringFormat;
  rows?: number;
  /** A valid JSON body: the bytes as received (whole or in chunks), or the text that parsed; spliced in without re-serializing. */
  requestJson?: Buffer | readonly Buffer[] | string;
  requestText?: string;
  requestBytes?: number;
  /** The bytes of the answer's "predictions" value (slices of the response, not a copy). */
  predictions?: Buffer | Buffer[];
  error?: { error_code: string; message: string };
}

const MAX_TEXT = 64 * 1024;
const REQUEST_KEY = Buffer.from(',"request":');
const PREDICTIONS_KEY = Buffer.from(',"predictions":');

/**
 * The record as one JSON line, as buffers to write one after the other: the body and the
 * predictions are the request's and the response's own bytes, so logging copies nothing large.
 */
export function predictionRecordPieces(fields: RecordFields): Buffer[] {
  let head = `{"request_id":${JSON.stringify(fields.requestId)},"time":"${fields.time}","model":${JSON.stringify(fields.model.name)},"version":${JSON.stringify(fields.model.version)}`;
  if (fields.model.alias !== undefined) head += `,"alias":${JSON.stringify(fields.model.alias)}`;
  head += `,"status":${fields.status},"latency_ms":${Math.round(fields.latencyMs * 1000) / 1000}`;
  if (fields.format !== undefined) head += `,"format":"${fields.format}"`;
  if (fields.rows !== undefined) head += `,"rows":${fields.rows}`;
  if (fields.requestJson === undefined && fields.requestText !== undefined) {
    head += `,"request_text":${JSON.stringify(fields.format === 'csv' ? fields.requestText : fields.requestText.slice(0, MAX_TEXT))}`;
  }
  if (fields.requestBytes !== undefined) head += `,"request_bytes":${fields.requestBytes}`;
  const pieces: Buffer[] = [Buffer.from(head)];
  if (fields.requestJson !== undefined) {
    const json = fields.requestJson;
    pieces.push(REQUEST_KEY, ...(typeof json === 'string' ? [Buffer.from(json)] : Buffer.isBuffer(json) ? [json] : json).map(singleLine));
  }
  if (fields.predictions !== undefined) pieces.push(PREDICTIONS_KEY, ...(Array.isArray(fields.predictions) ? fields.predictions : [fields.predictions]));
  pieces.push(Buffer.from(fields.error !== undefined ? `,"error":${JSON.stringify(fields.error)}}\n` : '}\n'));
  return pieces;
}

/** Line breaks in valid JSON are whitespace between tokens (inside strings they are escaped), so blanks can replace them. */
function singleLine(json: Buffer): Buffer {
  if (!json.includes(0x0a) && !json.includes(0x0d)) return json;
  const copy = Buffer.from(json);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x0a || copy[i] === 0x0d) copy[i] = 0x20;
  return copy;
}
