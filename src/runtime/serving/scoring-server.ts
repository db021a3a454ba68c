import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BodyBytes, RowScanner } from '../../core/models';
import type { ServingResponse } from '../../core/models';
import { ServerBusyError } from '../../core/models';
import type { ScoringService } from '../../core/models';
import type { ServingConfig } from '../../core/models';
import { answerThenDrain, ApiError, readBody, Router, toApiError } from '../http';
import { checkHost, checkOrigin } from '../http/security';

export type ScoringServerOptions = Pick<ServingConfig, 'host' | 'port' | 'maxBodyBytes' | 'requestTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'shutdownTimeoutMs'> & {
  /** One line per request (debug level). */
  debug?(line: string): void;
};

export interface RunningScoringServer {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets requests in progress finish, writes the prediction log out. */
  shutdown(): Promise<void>;
}

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Puts a ScoringService on HTTP: routes, body limit, timeouts, request ids, graceful shutdown. */
export async function startScoringServer(service: ScoringService, options: ScoringServerOptions): Promise<RunningScoringServer> {
  let port = options.port;
  let draining = false;
  // The DNS-rebinding guard knows the names 127.0.0.1 and localhost; other binds are the user's call.
  const guarded = options.host === '127.0.0.1' || options.host === 'localhost';
  let allowedHost: string | undefined;
  const requestIds = new RequestIds();
  // POST /invocations is dispatched directly; the router answers the rest (and 404/405) with its arrival.
  const arrivals = new WeakMap<IncomingMessage, Arrival>();
  const router = new Router()
    .post('/invocations', ({ req }) => invoke(req, arrivals.get(req)!))
    .get('/ping', () => service.ping())
    .get('/health', () => service.ping())
    .get('/version', () => service.version())
    .get('/metrics', () => service.metricsText());

  /** Waits for room for the body before reading it; a request refused for lack of room has its body drained, then 503. */
  async function invoke(req: IncomingMessage, arrival: Arrival): Promise<ServingResponse> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) return read(req, arrival);
    let admitted: () => void;
    try {
      const admission = service.admitBody(Number.isFinite(declared) ? declared : options.maxBodyBytes);
      admitted = typeof admission === 'function' ? admission : await admission;
    } catch (error) {
      if (!(error instanceof ServerBusyError)) throw error;
      await drain(req);
      return service.busy(arrival, error);
    }
    try {
      return await read(req, arrival);
    } finally {
      admitted();
    }
  }

  async function read(req: IncomingMessage, arrival: Arrival): Promise<ServingResponse> {
    const contentType = req.headers['content-type'];
    const scanner = service.rowScanner(contentType);
    const reading = new BodyReading();
    try {
      await readScannedBody(req, options.maxBodyBytes, scanner, reading);
    } catch (error) {
      const apiError = toApiError(error);
      service.refused({ ...arrival, body: reading.body(), bodyBytes: reading.size }, apiError.status, apiError.toBody());
      throw apiError;
    }
    return service.invoke({ requestId: arrival.requestId, time: arrival.time, started: arrival.started, contentType, body: reading.body(), bodyBytes: reading.size, layout: scanner?.end() });
  }

  function guard(req: IncomingMessage): void {
    const host = req.headers.host;
    if (host === undefined || host !== allowedHost) {
      checkHost(req, port);
      allowedHost = host;
    }
    checkOrigin(req, port);
  }

  function route(req: IncomingMessage, res: ServerResponse, method: string, path: string, arrival: Arrival): Promise<unknown> | unknown {
    const { handler, params } = router.match(method, path);
    arrivals.set(req, arrival);
    const ctx = {
      req,
      res,
      method,
      params,
      get url() {
        return new URL(req.url ?? '/', 'http://127.0.0.1');
      },
      json: () => Promise.reject(new Error('the scoring routes read their bodies themselves')),
    };
    return handler(ctx);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, arrival: Arrival): Promise<void> {
    try {
      if (guarded) guard(req);
      const method = req.method ?? 'GET';
      const response = method === 'POST' && path === '/invocations' ? await invoke(req, arrival) : ((await route(req, res, method, path, arrival)) as ServingResponse);
      send(res, response, arrival.requestId);
    } catch (error) {
      const apiError = toApiError(error);
      if (res.headersSent) return void res.destroy();
      const body = JSON.stringify(apiError.toBody());
      // A body still arriving (a 413) is read to its end after the answer, so the client sees it rather than a reset.
      if (!req.complete) answerThenDrain(req, res, apiError.status, { 'content-type': 'application/json', 'x-request-id': arrival.requestId }, body);
      else send(res, { status: apiError.status, contentType: 'application/json', body }, arrival.requestId);
    }
  }

  /** All headers in one writeHead, as a flat list: nothing set before it to merge. */
  function send(res: ServerResponse, response: ServingResponse, requestId: string): void {
    const body = response.body;
    const length = Array.isArray(body) ? body.reduce((sum, piece) => sum + piece.length, 0) : Buffer.byteLength(body);
    const headers: (string | number)[] = ['content-type', response.contentType, 'content-length', length, 'x-request-id', requestId];
    if (response.headers) for (const header of response.headers) headers.push(header);
    if (draining) headers.push('connection', 'close');
    res.writeHead(response.status, headers);
    // A write that fails means the socket is gone: nothing is left to answer.
    if (Array.isArray(body)) writePieces(res, body).catch(() => res.destroy());
    else res.end(body);
  }

  const server = createServer(
    { headersTimeout: options.headersTimeoutMs, requestTimeout: options.requestTimeoutMs, keepAliveTimeout: options.idleTimeoutMs, noDelay: true },
    (req, res) => {
      const started = performance.now();
      const header = req.headers['x-request-id'];
      const arrival: Arrival = { requestId: isRequestId(header) ? header : requestIds.next(), time: new Date().toISOString(), started };
      const path = pathOf(req.url);
      res.on('close', () => {
        // 499: the client went away before the answer was sent (nginx's code for it).
        const status = res.writableFinished ? res.statusCode : 499;
        const seconds = (performance.now() - started) / 1000;
        service.metrics.requestFinished(path, status, seconds);
        options.debug?.(`${req.method} ${path} ${status} ${(seconds * 1000).toFixed(2)} ms ${arrival.requestId}`);
      });
      handle(req, res, path, arrival).catch((error: unknown) => {
        options.debug?.(`${req.method} ${path}: answering failed: ${(error as Error).message}`);
        res.destroy();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
      cut.unref();
      await closed;
      clearTimeout(cut);
      await service.close();
    })());
  return { url: `http://${host}:${port}`, port, server, shutdown };
}

/** Reads a body to its end without keeping it. */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req.once('end', resolve).once('close', resolve).resume();
  });
}

/** Writes the pieces as the socket takes them (waiting for 'drain'), so no turn of the event loop copies them all. */
async function writePieces(res: ServerResponse, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
  res.end();
}

/** What a body reader has received, in the chunks it arrived in (see BodyBytes). */
class BodyReading {
  /** Bytes received. */
  size = 0;
  /** Bytes kept: once a body is refused by its rows, only its start is (for the prediction log). */
  private kept = 0;
  private readonly chunks: Buffer[] = [];

  add(chunk: Buffer, keep: boolean): void {
    this.size += chunk.length;
    if (!keep && this.kept >= HEAD_BYTES) return;
    this.chunks.push(chunk);
    this.kept += chunk.length;
  }

  body(): BodyBytes {
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks;
  }
}

const HEAD_BYTES = 4096;
const YIELD_AFTER_BYTES = 64 * 1024;

/**
 * Reads the body, counting its rows as it arrives (the runtime's readBody without its async
 * iteration, whose promise hops show on one-row requests). A body the scanner refuses (too many
 * rows, nested too deep) is read to its end but not kept, so the client gets the answer rather
 * than a reset. Oversized declared bodies still go through readBody for its 413.
 */
async function readScannedBody(req: IncomingMessage, limit: number, scanner: RowScanner | undefined, reading: BodyReading): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await readBody(req, limit);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (reading.size + chunk.length > limit) {
        req.off('data', onData).off('end', onEnd).pause();
        return reject(new ApiError('REQUEST_TOO_LARGE', `Request body is over the limit of ${limit} bytes`));
      }
      scanner?.push(chunk);
      reading.add(chunk, !scanner?.stopped);
      // libuv reads a socket up to 32 times per turn of the event loop: pausing after each chunk of
      // a large body lets /ping and the other requests in between.
      if (reading.size > YIELD_AFTER_BYTES && !req.isPaused()) {
        req.pause();
        setImmediate(() => req.resume());
      }
    };
    const onEnd = () => resolve();
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

interface Arrival {
  requestId: string;
  /** ISO time the request arrived. */
  time: string;
  /** performance.now() when it arrived. */
  started: number;
}

/** Whether the client's X-Request-ID is a sane token to use as the request's id. */
function isRequestId(header: string | string[] | undefined): header is string {
  return typeof header === 'string' && header.length > 0 && header.length <= 200 && /^[\x21-\x7e]+$/.test(header);
}

/**
 * Ids for requests that bring none, shaped like UUIDs: a random prefix per server and a counter,
 * unique without asking for random bytes per request.
 */
class RequestIds {
  private readonly prefix = randomUUID().slice(0, 24);
  private count = 0;

  next(): string {
    return this.prefix + (this.count++).toString(16).padStart(12, '0');
  }
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}
