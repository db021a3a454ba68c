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
