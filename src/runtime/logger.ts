import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictMode } from '../core/workspace';

export type Log = (line: string) => void;

/**
 * Timestamped lines to stdout (the extension's output channel reads it) and to a log file, which
 * (with its folder) is the workspace user's only: 0600 in a 0700 folder.
 */
export function createLogger(file?: string, write: (text: string) => void = (t) => process.stdout.write(t)): Log {
  let fileOk = false;
  if (file) {
    try {
      ensurePrivateDir(dirname(file));
      restrictMode(file, PRIVATE_FILE_MODE);
      fileOk = true;
    } catch {
      fileOk = false;
    }
  }
  return (line) => {
    const text = `${new Date().toISOString()} ${line}\n`;
    write(text);
    if (fileOk && file) {
      try {
        appendFileSync(file, text, { mode: PRIVATE_FILE_MODE });
      } catch {
        fileOk = false;
      }
    }
  };
}
