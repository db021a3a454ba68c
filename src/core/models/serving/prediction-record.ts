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
  /** A body that is not JSON: the CSV text, or the start of a malformed body. */
  request_text?: string;
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
  /** A valid JSON body: the bytes as received, or the text that parsed; spliced in without re-serializing. */
  requestJson?: Buffer | string;
  requestText?: string;
  /** The bytes of the answer's "predictions" value (a slice of the response, not a copy). */
  predictions?: Buffer;
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
  const pieces: Buffer[] = [Buffer.from(head)];
  if (fields.requestJson !== undefined) pieces.push(REQUEST_KEY, singleLine(typeof fields.requestJson === 'string' ? Buffer.from(fields.requestJson) : fields.requestJson));
  if (fields.predictions !== undefined) pieces.push(PREDICTIONS_KEY, fields.predictions);
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
