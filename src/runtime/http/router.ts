import type { Route as DeclaredRoute } from '../../shared/contract';
import { ContractError } from '../../shared/contract';
import { ApiError } from './errors';
import type { Handler, RequestContext } from './types';
import type { RESPONDED } from './types';

/** A declared route's handler: gets the params as checked against the declaration, must answer its result type. */
export type RouteHandler<P, R> = (params: P, ctx: RequestContext) => R | Promise<R> | typeof RESPONDED | Promise<typeof RESPONDED>;

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
   * body are checked against its params; a mismatch is INVALID_PARAMETER_VALUE.
   */
  handle<P, R, PIn>(route: DeclaredRoute<P, R, PIn>, handler: RouteHandler<P, R>, options: { bodyLimit?: number } = {}): this {
    return this.add(route.method, route.path, async (ctx) => {
      const given = route.carrier === 'query' ? queryObject(ctx.url) : await ctx.json<Record<string, unknown>>(options.bodyLimit);
      let params: P;
      try {
        params = route.params.parse({ ...given, ...ctx.params }, 'params', route.carrier === 'query' ? 'text' : 'json');
      } catch (error) {
        if (error instanceof ContractError) throw new ApiError('INVALID_PARAMETER_VALUE', error.message);
        throw error;
      }
      return handler(params, ctx);
    });
  }

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
