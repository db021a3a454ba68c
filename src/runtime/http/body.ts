import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors';

export const DEFAULT_JSON_LIMIT = 4 * 1024 * 1024;

/** How deep arrays and objects may nest in a JSON body; deeper is refused before anything recurses over it. */
export const MAX_JSON_DEPTH = 400;

/**
 * Reads the whole body, refusing (413) once it passes `limit` bytes. A refused body is left paused,
 * not destroyed: the server answers, then discards the rest (see drain.ts), so the client reads the
 * 413 instead of a connection reset.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new ApiError('REQUEST_TOO_LARGE', `Request body of ${declared} bytes is over the limit of ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(new ApiError('REQUEST_TOO_LARGE', `Request body is over the limit of ${limit} bytes`));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(new ApiError('MALFORMED_REQUEST', `The request body could not be read: ${error.message}`));
    };
    const onAborted = () => onError(new Error('the client closed the connection before sending all of it'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/** The body parsed as JSON, any value ({} when empty); rejects with 400/413/415. */
export async function readJson(req: IncomingMessage, limit = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const type = req.headers['content-type'];
  const body = await readBody(req, limit);
  if (body.length === 0) return {};
  if (type && !/^application\/(.+\+)?json\b/i.test(type) && !/^text\/plain\b/i.test(type)) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Expected a JSON body (Content-Type: application/json), got ${type}`);
  }
  const depth = jsonNestingOver(body, MAX_JSON_DEPTH);
  if (depth) throw new ApiError('MALFORMED_REQUEST', `Malformed JSON body: arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels (at byte ${depth.at}).`);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError('MALFORMED_REQUEST', `Malformed JSON body: ${(error as Error).message}`);
  }
}

/** The body as a JSON object ({} when empty): what every JSON route of the runtime takes. */
export async function readJsonObject(req: IncomingMessage, limit = DEFAULT_JSON_LIMIT): Promise<Record<string, unknown>> {
  const value = await readJson(req, limit);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new ApiError('INVALID_PARAMETER_VALUE', `The request body must be a JSON object ({…}), got ${kind}.`);
  }
  return value as Record<string, unknown>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT] = [0x5b, 0x7b, 0x5d, 0x7d];

/**
 * Where the bytes of a JSON text first nest more than `max` arrays/objects deep, or undefined.
 * Counts brackets outside strings only; it does not validate (JSON.parse does that after), and
 * works on UTF-8 bytes because no byte of a multi-byte character is ASCII.
 */
export function jsonNestingOver(bytes: Uint8Array, max: number): { at: number } | undefined {
  if (!hasMoreOpeners(bytes, max)) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return { at: i };
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return undefined;
}

/** Whether the bytes hold more than `max` of '[' and '{' in all: the native search keeps common bodies off the byte loop. */
function hasMoreOpeners(bytes: Uint8Array, max: number): boolean {
  let count = 0;
  for (const opener of [OPEN_ARRAY, OPEN_OBJECT]) {
    for (let i = bytes.indexOf(opener); i >= 0; i = bytes.indexOf(opener, i + 1)) if (++count > max) return true;
  }
  return false;
}
