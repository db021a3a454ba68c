import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readJson } from './body';
import { ApiError, toApiError } from './errors';
import type { Router } from './router';
import { checkHost, checkOrigin, checkToken } from './security';
import type { RequestContext } from './types';
import { RESPONDED } from './types';

export interface HttpOptions {
  router: Router;
  token: string;
  /** The port clients use, known once listening; checked against the Host header. */
  port(): number;
  /** Routes reachable without the token. */
  publicPaths?: ReadonlySet<string>;
  log?(line: string): void;
}

export interface Timeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  /** How often Node checks the two above. */
  checkIntervalMs: number;
}

export const TIMEOUTS: Timeouts = { headersMs: 10_000, requestMs: 300_000, keepAliveMs: 5_000, checkIntervalMs: 1_000 };

/** The request pipeline: security checks, routing, JSON replies and one error shape. */
export function createRequestListener(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const publicPaths = options.publicPaths ?? new Set(['/health']);
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log?.(`request handling failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendError(res, toApiError(error));
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendError(res, new ApiError('MALFORMED_REQUEST', 'Malformed request URL'));
    }
    // URL parsing resolves dot segments; a path that had any is refused rather than reinterpreted.
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (rawPath.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
      return sendError(res, new ApiError('INVALID_PARAMETER_VALUE', `Invalid path '${rawPath}': '.' and '..' segments are not allowed.`));
    }
    try {
      const port = options.port();
      checkHost(req, port);
      checkOrigin(req, port);
      if (!publicPaths.has(url.pathname)) checkToken(req, options.token);
      const { handler, params } = options.router.match(method, url.pathname);
      const ctx: RequestContext = { req, res, method, url, params, json: async <T>(limit?: number) => (await readJson(req, limit)) as T };
      const result = await handler(ctx);
      if (result === RESPONDED) return;
      sendJson(res, 200, result === undefined ? {} : result);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) options.log?.(`${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, apiError);
      // An oversized body still streaming in would keep the socket busy; drop the connection.
      if (apiError.code === 'REQUEST_TOO_LARGE') res.once('finish', () => req.destroy());
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, error.toBody());
}

/** Slow clients get 408 and are dropped once headers or the whole request take too long. */
export function createHttpServer(options: HttpOptions, timeouts: Timeouts = TIMEOUTS): Server {
  const server = createServer(
    { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, keepAliveTimeout: timeouts.keepAliveMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    createRequestListener(options),
  );
  return server;
}
