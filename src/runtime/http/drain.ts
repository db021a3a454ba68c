import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export interface DrainBounds {
  /** Most bytes of a refused body discarded before the connection is cut. */
  maxBytes: number;
  /** Longest wait for the rest of a refused body. */
  maxMs: number;
}

export const DRAIN_BOUNDS: DrainBounds = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * Sends a whole answer while the request body is still arriving (a 413, or any error raised
 * before the body was read), then reads and discards the rest of the body before the connection
 * closes. Closing a socket with unread bytes makes the kernel reset it, and a client still
 * uploading (curl, python-requests, Node's http) then sees ECONNRESET/EPIPE instead of the answer.
 * Past `bounds` the connection is cut anyway: a client may not hold it with an endless body.
 */
export function answerThenDrain(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string,
  bounds: DrainBounds = DRAIN_BOUNDS,
): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' });
  if (req.complete || req.destroyed) return void res.end(body);
  // The answer is complete on the wire now (its length is declared); ending the response is what
  // closes the connection, so it waits for the end of the body.
  res.write(body);
  let drained = 0;
  const done = (cut: boolean) => {
    clearTimeout(timer);
    req.off('data', onData).off('end', onEnd).off('error', onError);
    if (cut) res.destroy();
    else res.end();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > bounds.maxBytes) done(true);
  };
  const onEnd = () => done(false);
  const onError = () => done(true);
  const timer = setTimeout(() => done(true), bounds.maxMs);
  timer.unref();
  res.once('close', () => clearTimeout(timer));
  req.on('data', onData).on('end', onEnd).on('error', onError);
  req.resume();
}
