import type { Path, Report } from '../../workspace';
import { parseCron } from './cron';

const CRON_HINT = 'e.g. "*/15 * * * *" (minute hour day-of-month month day-of-week), "0 3 * * sun" or @daily';

/** A `schedule:` key of mlops.yaml as normalized cron text, or undefined (absent, or reported). */
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
