export { ApiError, ERROR_STATUS, toApiError } from './errors';
export type { ErrorCode } from './errors';
export { Router } from './router';
export { createHttpServer, createRequestListener, sendJson, sendError, TIMEOUTS } from './server';
export type { HttpOptions, Timeouts } from './server';
export { readBody, readJson, DEFAULT_JSON_LIMIT } from './body';
export { RESPONDED } from './types';
export type { Handler, RequestContext } from './types';
