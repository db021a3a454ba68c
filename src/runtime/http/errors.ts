import { DomainError } from '../../core/errors';
import { StoreError } from '../../core/store';
import { SearchSyntaxError } from '../../core/tracking/search';
import type { ErrorBody } from '../../shared/api';

/** The runtime's catalogue of HTTP errors: one code, one status. MLflow's codes where MLflow has one. */
export const ERROR_STATUS = {
  MALFORMED_REQUEST: 400,
  INVALID_PARAMETER_VALUE: 400,
  INVALID_STATE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  REQUEST_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return { error_code: this.code, message: this.message };
  }
}

/** Any thrown value as an ApiError; unexpected ones become INTERNAL_ERROR without leaking a stack. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return new ApiError(error.code, error.message);
  if (error instanceof SearchSyntaxError) return new ApiError('INVALID_PARAMETER_VALUE', error.message);
  if (error instanceof StoreError && error.code === 'STORE_LOCKED') return new ApiError('TEMPORARILY_UNAVAILABLE', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('INTERNAL_ERROR', `Internal error: ${message}`);
}
