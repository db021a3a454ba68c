import { readFileSync } from 'node:fs';

/**
 * Reads mlops.yaml and hands its text to one section's parser: a missing file is that section's
 * empty result, an unreadable one the empty result plus the reason.
 */
export function loadConfigSection<T extends { errors: string[] }>(path: string, label: string, parse: (text: string, label: string) => T, empty: () => T): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const result = empty();
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') result.errors.push(`${label}: cannot be read: ${(error as Error).message}`);
    return result;
  }
  return parse(text, label);
}
