import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors';

export const DEFAULT_JSON_LIMIT = 4 * 1024 * 1024;

/** Reads the whole body, refusing (413) once it passes `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError('REQUEST_TOO_LARGE', `Request body of ${declared} bytes is over the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError('REQUEST_TOO_LARGE', `Request body is over the limit of ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage, limit = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const type = req.headers['content-type'];
  const body = await readBody(req, limit);
  if (body.length === 0) return {};
  if (type && !/^application\/(.+\+)?json\b/i.test(type) && !/^text\/plain\b/i.test(type)) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Expected a JSON body (Content-Type: application/json), got ${type}`);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError('MALFORMED_REQUEST', `Malformed JSON body: ${(error as Error).message}`);
  }
}
