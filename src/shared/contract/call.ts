import type { Route } from './route';
import { fillPath, queryString } from './route';

/** What `call` needs of a client: send a request, answer the parsed JSON (RuntimeClient does). */
export interface Transport {
  send(method: string, path: string, body?: unknown): Promise<unknown>;
}

/** Calls a declared route; the result has the route's declared type. */
export async function call<P, R, PIn>(client: Transport, route: Route<P, R, PIn>, ...params: Record<never, never> extends PIn ? [PIn?] : [PIn]): Promise<R> {
  const given = (params[0] ?? {}) as Record<string, unknown>;
  const { path, rest } = fillPath(route.path, given);
  if (route.carrier === 'query') return (await client.send(route.method, path + queryString(rest))) as R;
  return (await client.send(route.method, path, rest)) as R;
}
