import { parseCron } from '../monitoring/monitors/cron';

/** Where a value sits in mlops.yaml (keys and indexes), for line-numbered errors. */
export type Path = (string | number)[];
export type Raw = Record<string, unknown>;
export type Report = (path: Path, message: string) => void;

export const isMapping = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

const CRON_HINT = 'e.g. "*/15 * * * *" (minute hour day-of-month month day-of-week), "0 3 * * sun" or @daily';

/** Complains about keys of a mapping outside `known`; `where` names the mapping in the message. */
export function unknownKeys(raw: Raw, known: readonly string[], path: Path, where: string, report: Report): void {
  for (const key of Object.keys(raw)) if (!known.includes(key)) report([...path, key], `unknown ${where} setting "${key}" (${known.join(', ')})`);
}

export function parseFlag(raw: unknown, fallback: boolean, path: Path, name: string, report: Report): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  report(path, `${name} must be true or false`);
  return fallback;
}

/** A non-empty string, or undefined (absent, or reported). */
export function parseText(raw: unknown, path: Path, message: string, report: Report): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  report(path, message);
  return undefined;
}

export function parseSchedule(raw: unknown, path: Path, name: string, report: Report): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    report(path, `${name} must be a cron expression in quotes, ${CRON_HINT}`);
    return undefined;
  }
  try {
    return parseCron(raw).text;
  } catch (error) {
    report(path, `${name} "${raw}" is not a valid cron expression: ${(error as Error).message} (${CRON_HINT})`);
    return undefined;
  }
}
