import type { Route as DeclaredRoute } from '../../shared/contract';
import { ContractError } from '../../shared/contract';
import { ApiError } from './errors';
import type { Handler, RequestContext } from './types';
import type { RESPONDED } from './types';

/** A declared route's handler: gets the params as checked against the declaration, must answer its result type. */
export type RouteHandler<P, R> = (params: P, ctx: RequestContext) => R | Promise<R> | typeof RESPONDED | Promise<typeof RESPONDED>;

export interface HandleOptions {
  bodyLimit?: number;
  /** Called before the params are read: how this request words a params mismatch or a refused body. */
  words?: (ctx: RequestContext) => (error: ContractError | ApiError) => Error;
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/**
 * Method + path routing. Path patterns: literal segments, `:name` for one segment, and a final
 * `*` that captures the rest of the path, one segment or more (as params['*']).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  /**
   * Serves a declared route (src/shared/contract): path params plus the query (GET) or the JSON
   * body are checked against its params; a mismatch is INVALID_PARAMETER_VALUE, in the words
   * `options.words` gives it (MLflow's routes answer as MLflow's server does). A route whose body
   * is not JSON (an upload) declares `carrier: 'query'` and reads `ctx.req` itself; one that writes
   * its own answer (a download, a stream) returns RESPONDED. The declaration's `also` paths
   * serve it too.
   */
  handle<P, R, PIn>(route: DeclaredRoute<P, R, PIn>, handler: RouteHandler<P, R>, options: HandleOptions = {}): this {
    const serve = async (ctx: RequestContext): Promise<unknown> => {
      const explain = options.words?.(ctx) ?? plainWords;
      const fromQuery = route.carrier === 'query' || (ctx.method === 'DELETE' && bodyless(ctx) && ctx.url.search !== '');
      let params: P;
      try {
        const given = fromQuery ? queryObject(ctx.url) : await ctx.json<Record<string, unknown>>(options.bodyLimit);
        params = route.params.parse({ ...given, ...ctx.params }, 'params', fromQuery ? 'text' : 'json');
      } catch (error) {
        throw error instanceof ContractError || error instanceof ApiError ? explain(error) : error;
      }
      return handler(params, ctx);
    };
    for (const path of [route.path, ...route.also]) this.add(route.method, path, serve);
    return this;
  }

  /** Raw routes for the router's own tests; the runtime serves declared routes only (architecture test). */
  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  /** Every route as added: method and pattern (for tests that exercise them all). */
  list(): { method: string; pattern: string }[] {
    return this.routes.map((r) => ({ method: r.method, pattern: `/${r.segments.join('/')}` }));
  }

  /** The handler for a request, or a 404/405 ApiError. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
    }
    if (pathMatched) throw new ApiError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`);
    throw new ApiError('ENDPOINT_NOT_FOUND', `No route for ${method} ${path}`);
  }
}

function plainWords(error: ContractError | ApiError): Error {
  return error instanceof ContractError ? new ApiError('INVALID_PARAMETER_VALUE', error.message) : error;
}

/** A request without a body (MLflow's clients may send a DELETE's params in the query). */
function bodyless(ctx: RequestContext): boolean {
  return !ctx.req.headers['transfer-encoding'] && (ctx.req.headers['content-length'] ?? '0') === '0';
}

/** The query as an object: a repeated key gives a list. */
function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i]!;
    if (segment === '*' && i === pattern.length - 1) {
      if (parts.length <= i) return undefined;
      params['*'] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.startsWith(':')) params[segment.slice(1)] = decode(part);
    else if (segment !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('MALFORMED_REQUEST', `Malformed percent-encoding in path segment "${segment}"`);
  }
}
