import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { readJsonObject } from './body';
import { answerThenDrain } from './drain';
import { ApiError, isUnexpected, toApiError } from './errors';
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
    void handle(req, res).catch((error: unknown) => answerError(req, res, error, 'request handling'));
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
      const caller = publicPaths.has(url.pathname) ? {} : checkToken(req, options.token);
      const { handler, params } = options.router.match(method, url.pathname);
      let body: Promise<Record<string, unknown>> | undefined;
      // Read once: the router may check the body against the route's contract before the handler reads it.
      const json = async <T>(limit?: number): Promise<T> => (await (body ??= readJsonObject(req, limit))) as T;
      const ctx: RequestContext = { req, res, method, url, params, ...caller, json };
      const result = await handler(ctx);
      if (result === RESPONDED) return;
      sendJson(res, 200, result === undefined ? {} : result);
    } catch (error) {
      answerError(req, res, error, `${method} ${url.pathname}`);
    }
  }

  /**
   * One error answer: the catalogue's code and status; a 5xx is logged with its stack under a
   * request id that its answer names too. A body still arriving is drained after the answer.
   */
  function answerError(req: IncomingMessage, res: ServerResponse, error: unknown, what: string): void {
    let apiError = toApiError(error);
    const headers: OutgoingHttpHeaders = {};
    if (apiError.status >= 500) {
      const requestId = randomUUID();
      options.log?.(`${what} failed (request ${requestId}${isUnexpected(apiError) ? ', unexpected' : ''}): ${(error as Error | undefined)?.stack ?? String(error)}`);
      headers['x-request-id'] = requestId;
      apiError = new ApiError(apiError.code, `${apiError.message} (request id ${requestId}; the runtime log has the details)`);
    }
    if (res.headersSent) return void res.destroy();
    if (req.complete) return sendJson(res, apiError.status, apiError.toBody(), headers);
    answerThenDrain(req, res, apiError.status, { ...JSON_HEADERS, ...headers }, JSON.stringify(apiError.toBody()));
  }
}

const JSON_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': Buffer.byteLength(text) });
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
