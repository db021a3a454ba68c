import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  params: Record<string, string>;
  /** Sent by a script `mlops run` attached to this run without naming an experiment: it may move the run once. */
  defaultedRunId?: string;
  /** The request body as a JSON object ({} when empty); rejects with 400 (malformed, too deep, not an object), 413 or 415. */
  json<T = unknown>(limit?: number): Promise<T>;
}

/**
 * A route handler. A returned value is sent as JSON with status 200 (`undefined` sends `{}`);
 * a handler that writes the response itself (streams, SSE) returns RESPONDED.
 */
export type Handler = (ctx: RequestContext) => unknown;

export const RESPONDED = Symbol('responded');
