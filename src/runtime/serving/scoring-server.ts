import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServingResponse } from '../../core/models/serving';
import type { ScoringService } from '../../core/models/serving';
import type { ServingConfig } from '../../core/workspace/serving-config';
import { ApiError, readBody, Router, toApiError } from '../http';
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
  const router = new Router()
    .post('/invocations', ({ req }) => invoke(req))
    .get('/ping', () => service.ping())
    .get('/health', () => service.ping())
    .get('/version', () => service.version())
    .get('/metrics', () => service.metricsText());

  const arrivals = new WeakMap<IncomingMessage, { requestId: string; time: string; started: number }>();
  async function invoke(req: IncomingMessage): Promise<ServingResponse> {
    const arrival = arrivals.get(req)!;
    let body: Buffer;
    try {
      body = await readBodyQuickly(req, options.maxBodyBytes);
    } catch (error) {
      const apiError = toApiError(error);
      service.refused(arrival, apiError.status, apiError.toBody());
      throw apiError;
    }
    return service.invoke({ ...arrival, contentType: req.headers['content-type'], body });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (guarded) {
        checkHost(req, port);
        checkOrigin(req, port);
      }
      const method = req.method ?? 'GET';
      const { handler, params } = router.match(method, path);
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
      send(res, (await handler(ctx)) as ServingResponse);
    } catch (error) {
      const apiError = toApiError(error);
      if (res.headersSent) return void res.destroy();
      send(res, { status: apiError.status, contentType: 'application/json', body: JSON.stringify(apiError.toBody()) });
      // An oversized body still streaming in would keep the socket busy: drop the connection.
      if (apiError.code === 'REQUEST_TOO_LARGE') res.once('finish', () => req.destroy());
    }
  }

  function send(res: ServerResponse, response: ServingResponse): void {
    res.writeHead(response.status, {
      'content-type': response.contentType,
      'content-length': Buffer.byteLength(response.body),
      ...response.headers,
      ...(draining && { connection: 'close' }),
    });
    res.end(response.body);
  }

  const server = createServer(
    { headersTimeout: options.headersTimeoutMs, requestTimeout: options.requestTimeoutMs, keepAliveTimeout: options.idleTimeoutMs, noDelay: true },
    (req, res) => {
      const started = performance.now();
      const requestId = requestIdOf(req.headers['x-request-id']);
      const path = pathOf(req.url);
      res.setHeader('x-request-id', requestId);
      arrivals.set(req, { requestId, time: new Date().toISOString(), started });
      res.once('close', () => {
        // 499: the client went away before the answer was sent (nginx's code for it).
        const status = res.writableFinished ? res.statusCode : 499;
        const seconds = (performance.now() - started) / 1000;
        service.metrics.requestFinished(path, status, seconds);
        options.debug?.(`${req.method} ${path} ${status} ${(seconds * 1000).toFixed(2)} ms ${requestId}`);
      });
      void handle(req, res, path);
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

/**
 * The runtime's readBody without its async iteration (whose promise hops show on one-row
 * requests); oversized declared bodies still go through readBody for its 413.
 */
function readBodyQuickly(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return readBody(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      reject(new ApiError('REQUEST_TOO_LARGE', `Request body is over the limit of ${limit} bytes`));
    };
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

/** The client's X-Request-ID when it is a sane token, else a fresh UUID. */
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\x21-\x7e]{1,200}$/.test(header) ? header : randomUUID();
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}
