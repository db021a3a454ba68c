import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Log = (line: string) => void;

/** Timestamped lines to stdout (the extension's output channel reads it) and to a log file. */
export function createLogger(file?: string, write: (text: string) => void = (t) => process.stdout.write(t)): Log {
  let fileOk = false;
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
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
        appendFileSync(file, text);
      } catch {
        fileOk = false;
      }
    }
  };
}
