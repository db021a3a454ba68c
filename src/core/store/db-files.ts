import { chmodSync, closeSync, constants, lstatSync, openSync } from 'node:fs';

/** The store's files (the database and its WAL and shared-memory files) are the workspace user's only. */
const DB_FILE_MODE = 0o600;

const isFilePath = (path: string): boolean => path !== '' && path !== ':memory:' && !path.startsWith('file:');

/**
 * Creates the database file empty with mode 0600 when it does not exist yet, so SQLite (which
 * gives -wal and -shm the database's mode) never makes any of them readable by others.
 */
export function createPrivateDbFile(path: string): void {
  if (!isFilePath(path)) return;
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), DB_FILE_MODE));
  } catch {
    // it exists (restrictDbFiles narrows it), or the driver reports why it cannot be opened
  }
}

/** Narrows the database, -wal and -shm files of a workspace made before modes were set to 0600. */
export function restrictDbFiles(path: string): void {
  if (!isFilePath(path)) return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      const stat = lstatSync(file);
      if (stat.isFile() && (stat.mode & 0o777) !== DB_FILE_MODE) chmodSync(file, DB_FILE_MODE);
    } catch {
      // absent, or not ours: SQLite's own error (if any) says more
    }
  }
}
