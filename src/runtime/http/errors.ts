import { DomainError, fromErrno } from '../../core/errors';
import type { DomainErrorCode } from '../../core/errors';
import { PointerError } from '../../core/data';
import { CronError } from '../../core/monitoring';
import { WireFormatError } from '../../core/models';
import { ModelLoadError } from '../../core/models';
import { StoreError } from '../../core/store';
import type { StoreErrorCode } from '../../core/store';
import { SearchSyntaxError } from '../../core/tracking';
import type { ErrorBody } from '../../shared/api';
import type { ApiErrorCode } from '../../shared/contract';

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
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  DATA_LOSS: 500,
  IO_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
} as const satisfies Record<DomainErrorCode, number> & Record<ApiErrorCode, number>;

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

/** Which API code each store failure is answered with: none is the caller's fault. */
const STORE_CODES: Record<StoreErrorCode, ErrorCode> = {
  STORE_LOCKED: 'TEMPORARILY_UNAVAILABLE',
  STORE_CORRUPT: 'DATA_LOSS',
  STORE_UNWRITABLE: 'IO_ERROR',
  STORE_TOO_NEW: 'TEMPORARILY_UNAVAILABLE',
  STORE_DRIVER_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
};

/**
 * Any thrown value as an ApiError, by the catalogue: the runtime's own errors, core's DomainError
 * codes, core's other error classes (each the caller's input's fault, but the store's), and
 * filesystem errno errors. Anything else is unexpected: INTERNAL_ERROR, without its stack.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return new ApiError(error.code, error.message);
  if (error instanceof SearchSyntaxError || error instanceof CronError) return new ApiError('INVALID_PARAMETER_VALUE', error.message);
  // A model file that is no readable ONNX graph was named by the request (a source, a model URI).
  if (error instanceof WireFormatError) return new ApiError('INVALID_PARAMETER_VALUE', `Not a readable ONNX model: ${error.message}`);
  if (error instanceof ModelLoadError) return new ApiError('INVALID_PARAMETER_VALUE', error.message);
  // A .dvc file in the workspace is malformed: the request is fine, the workspace must be fixed first.
  if (error instanceof PointerError) return new ApiError('INVALID_STATE', error.message);
  if (error instanceof StoreError) return new ApiError(STORE_CODES[error.code] ?? 'DATA_LOSS', error.message);
  const errno = fromErrno(error);
  if (errno) return new ApiError(errno.code, errno.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('INTERNAL_ERROR', `Internal error: ${message}`);
}

/** True when toApiError found no entry in the catalogue for the error. */
export function isUnexpected(error: ApiError): boolean {
  return error.code === 'INTERNAL_ERROR';
}
