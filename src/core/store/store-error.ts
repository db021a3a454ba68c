export type StoreErrorCode =
  | 'STORE_CORRUPT'
  | 'STORE_TOO_NEW'
  | 'STORE_LOCKED'
  | 'STORE_UNWRITABLE'
  | 'STORE_DRIVER_UNAVAILABLE';

/** A store failure a user can act on; the message names the file and what to do. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

const LOCKED = /database is locked|database table is locked|SQLITE_BUSY|SQLITE_LOCKED/i;
const CORRUPT = /not a database|malformed|SQLITE_NOTADB|SQLITE_CORRUPT/i;
const UNWRITABLE = /readonly|read-only|unable to open|EACCES|permission|SQLITE_CANTOPEN|SQLITE_READONLY/i;

/** A SQLite failure as a StoreError a user can act on; other errors pass through unchanged. */
export function toStoreError(error: unknown, path: string, opening = true): Error {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const text = `${message} ${(error as { code?: string }).code ?? ''}`;
  if (LOCKED.test(text)) {
    return new StoreError('STORE_LOCKED', `${path} is locked by another process (${message}). Close the program holding it and retry.`, path, { cause: error });
  }
  if (CORRUPT.test(text)) {
    return new StoreError(
      'STORE_CORRUPT',
      `${path} is not a readable SQLite database (${message}). It was left untouched: move it aside to start a new store, or restore it from a backup.`,
      path,
      { cause: error },
    );
  }
  if (UNWRITABLE.test(text)) {
    return new StoreError('STORE_UNWRITABLE', `${path} cannot be opened for writing (${message}). Check the workspace's permissions.`, path, { cause: error });
  }
  if (opening) return new StoreError('STORE_CORRUPT', `${path} could not be opened: ${message}`, path, { cause: error });
  return error instanceof Error ? error : new Error(message);
}
