import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { ConfigDocument, MAX_CONFIG_BYTES } from './config-document';

export type ConfigText = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; message: string };

/** mlops.yaml's text: missing, read, or why it cannot be (unreadable, or too big to be a config file). */
export function readConfigText(path: string): ConfigText {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', message: `cannot be read: ${(error as Error).message}` };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_CONFIG_BYTES) return { kind: 'unreadable', message: `the file is ${Math.ceil(size / 1024)} KiB; mlops.yaml may be at most ${MAX_CONFIG_BYTES / 1024} KiB` };
    return { kind: 'text', text: readFileSync(fd, 'utf8') };
  } catch (error) {
    return { kind: 'unreadable', message: `cannot be read: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

/** mlops.yaml as a parsed document; a missing file is an empty one. Never throws. */
export function loadConfigDocument(path: string, label = 'mlops.yaml'): ConfigDocument {
  const read = readConfigText(path);
  if (read.kind === 'unreadable') return ConfigDocument.unreadable(read.message, label);
  return ConfigDocument.parse(read.kind === 'text' ? read.text : '', label);
}

/**
 * Reads mlops.yaml and hands its text to one section's parser: a missing file is that section's
 * empty result, an unreadable one the empty result plus the reason.
 */
export function loadConfigSection<T extends { errors: string[] }>(path: string, label: string, parse: (text: string, label: string) => T, empty: () => T): T {
  const read = readConfigText(path);
  if (read.kind === 'text') return parse(read.text, label);
  const result = empty();
  if (read.kind === 'unreadable') result.errors.push(`${label}:1: ${read.message}`);
  return result;
}
