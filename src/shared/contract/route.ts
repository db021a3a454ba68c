import type { Check, Phantom } from './check';

/** The runtime's error codes (its catalogue maps each to an HTTP status); MLflow's where MLflow has one. */
export type ApiErrorCode =
  | 'MALFORMED_REQUEST'
  | 'INVALID_PARAMETER_VALUE'
  | 'INVALID_STATE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'ENDPOINT_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'DATA_LOSS'
  | 'IO_ERROR'
  | 'TEMPORARILY_UNAVAILABLE';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of the runtime, declared once: the router checks requests against `params` and binds
 * the handler's result to `R`; clients call it with `call(client, ROUTE, params)` and get `R`.
 * Params named `:x` in the path travel in the path; the rest in the query (`carrier: 'query'`,
 * the default for GET) or as the JSON body.
 */
export interface Route<P = unknown, R = unknown, PIn = P> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: Check<P, PIn>;
  readonly result: Phantom<R>;
  readonly carrier: 'query' | 'body';
  /** More paths serving the same route (MLflow's /ajax-api twin of each /api path). */
  readonly also: readonly string[];
  /** Codes this route answers besides the transport's (400 malformed, 401, 413, 500…). */
  readonly errors: readonly ApiErrorCode[];
}

/** What a download route answers: the file's bytes, not JSON (the handler streams them). */
export type Bytes = Uint8Array;

export type ParamsOf<T> = T extends Route<infer P, unknown, unknown> ? P : never;
export type InputOf<T> = T extends Route<unknown, unknown, infer I> ? I : never;
export type ResultOf<T> = T extends Route<unknown, infer R, unknown> ? R : never;

export function route<P, R, PIn>(spec: {
  method: HttpMethod;
  path: string;
  params: Check<P, PIn>;
  result: Phantom<R>;
  carrier?: 'query' | 'body';
  also?: readonly string[];
  errors?: readonly ApiErrorCode[];
}): Route<P, R, PIn> {
  return { carrier: spec.method === 'GET' ? 'query' : 'body', errors: [], also: [], ...spec };
}

export const MLFLOW_API = '/api/2.0/mlflow';

/** One of MLflow's REST routes (`path` after /api/2.0/mlflow/), served under /ajax-api too, as MLflow's server does. */
export function mlflowRoute<P, R, PIn>(spec: Parameters<typeof route<P, R, PIn>>[0]): Route<P, R, PIn> {
  return route({ ...spec, path: `${MLFLOW_API}/${spec.path}`, also: [`/ajax-api/2.0/mlflow/${spec.path}`, ...(spec.also ?? [])] });
}

/** The `:name` segments of a path pattern, and `*` for a final wildcard (the rest of the path). */
export function pathParamNames(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.startsWith(':') || s === '*')
    .map((s) => (s === '*' ? s : s.slice(1)));
}

/** The path with `:name` segments filled from `params`, and the params left for the query or body. */
export function fillPath(path: string, params: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest = { ...params };
  const filled = path
    .split('/')
    .map((s) => {
      if (!s.startsWith(':') && s !== '*') return s;
      const name = s === '*' ? s : s.slice(1);
      const value = rest[name];
      delete rest[name];
      if (value === undefined || value === null) throw new Error(`Missing path parameter '${name}' for ${path}`);
      return s === '*' ? String(value).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(String(value));
    })
    .join('/');
  return { path: filled, rest };
}

/** Params as a query string ('' or '?a=1&b=x'); lists repeat their key, absent values are left out. */
export function queryString(params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
