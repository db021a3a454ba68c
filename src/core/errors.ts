/**
 * The domain's error catalogue: every error core raises for a known condition carries one of these
 * codes (MLflow's names, from databricks.proto's ErrorCode); the runtime answers each with its
 * MLflow error JSON and the status in src/runtime/http/errors.ts.
 */
export const DOMAIN_ERROR_CODES = [
  /** The caller's input is wrong (400). */
  'INVALID_PARAMETER_VALUE',
  /** What the input names does not exist (404). */
  'RESOURCE_DOES_NOT_EXIST',
  /** What the input would create exists already (400, as MLflow answers it). */
  'RESOURCE_ALREADY_EXISTS',
  /** The request is valid but the resource's state forbids it now (400). */
  'INVALID_STATE',
  /** Too much at once: a concurrency or rate limit; retrying later may work (429, as in MLflow). */
  'REQUEST_LIMIT_EXCEEDED',
  /** The filesystem refused access to what the input names (403). */
  'PERMISSION_DENIED',
  /** Stored data is unreadable or inconsistent: the store, a cache object, a model file (500, not the caller's fault). */
  'DATA_LOSS',
  /** Reading or writing the workspace failed for a reason of the machine, e.g. a full disk (500). */
  'IO_ERROR',
  /** Busy for now (a locked store, shutting down); retrying later may work (503). */
  'TEMPORARILY_UNAVAILABLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string): DomainError => new DomainError('INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string): DomainError => new DomainError('RESOURCE_DOES_NOT_EXIST', message);
export const alreadyExists = (message: string): DomainError => new DomainError('RESOURCE_ALREADY_EXISTS', message);
export const invalidState = (message: string): DomainError => new DomainError('INVALID_STATE', message);
export const limitExceeded = (message: string): DomainError => new DomainError('REQUEST_LIMIT_EXCEEDED', message);
export const dataLoss = (message: string, cause?: unknown): DomainError => new DomainError('DATA_LOSS', message, { cause });

/** The code of a Node filesystem error (ENOENT, ENAMETOOLONG, …), or undefined for any other value. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

const ERRNO_CODES: Record<string, { code: DomainErrorCode; why: string }> = {
  ENOENT: { code: 'RESOURCE_DOES_NOT_EXIST', why: 'no such file or folder' },
  ENOTDIR: { code: 'INVALID_PARAMETER_VALUE', why: 'a part of the path is a file, not a folder' },
  EISDIR: { code: 'INVALID_PARAMETER_VALUE', why: 'it is a folder, not a file' },
  ENAMETOOLONG: { code: 'INVALID_PARAMETER_VALUE', why: 'the path or one of its names is too long' },
  EINVAL: { code: 'INVALID_PARAMETER_VALUE', why: 'the path is not valid here' },
  ELOOP: { code: 'INVALID_PARAMETER_VALUE', why: 'too many symbolic links' },
  EILSEQ: { code: 'INVALID_PARAMETER_VALUE', why: 'the name has characters the filesystem does not accept' },
  EEXIST: { code: 'RESOURCE_ALREADY_EXISTS', why: 'it exists already' },
  ENOTEMPTY: { code: 'INVALID_STATE', why: 'the folder is not empty' },
  EACCES: { code: 'PERMISSION_DENIED', why: 'permission denied' },
  EPERM: { code: 'PERMISSION_DENIED', why: 'operation not permitted' },
  EROFS: { code: 'IO_ERROR', why: 'read-only filesystem' },
  ENOSPC: { code: 'IO_ERROR', why: 'no space left on the device' },
  EDQUOT: { code: 'IO_ERROR', why: 'disk quota exceeded' },
  EIO: { code: 'IO_ERROR', why: 'input/output error' },
  EMFILE: { code: 'TEMPORARILY_UNAVAILABLE', why: 'too many open files' },
  ENFILE: { code: 'TEMPORARILY_UNAVAILABLE', why: 'too many open files' },
  EBUSY: { code: 'TEMPORARILY_UNAVAILABLE', why: 'the file is busy' },
  EAGAIN: { code: 'TEMPORARILY_UNAVAILABLE', why: 'the resource is busy' },
};

/**
 * A Node filesystem error as the DomainError it stands for (ENOENT → RESOURCE_DOES_NOT_EXIST,
 * ENAMETOOLONG → INVALID_PARAMETER_VALUE, EACCES → PERMISSION_DENIED, …), or undefined when the
 * value is no errno error or its errno is not one a caller can act on.
 */
export function fromErrno(error: unknown): DomainError | undefined {
  const errno = errnoCode(error);
  const known = errno === undefined ? undefined : ERRNO_CODES[errno];
  if (!known) return undefined;
  const path = (error as NodeJS.ErrnoException).path;
  const where = typeof path === 'string' ? `${path.length > 200 ? `${path.slice(0, 200)}… (${path.length} characters)` : path}: ` : '';
  return new DomainError(known.code, `${where}${known.why} (${errno})`, { cause: error });
}
