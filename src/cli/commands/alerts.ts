import { MonitorStore } from '../../core/monitoring';
import { Store } from '../../core/store';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

export const alertsUsage = 'mlops alerts list [--since HOURS]   alerts monitors fired (default: the last 24 hours)';

/** Options that take a value, for main.ts's argument parser. */
export const ALERTS_VALUE_OPTIONS = ['since'];

export async function alertsCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals[0] !== 'list') throw new UsageError(alertsUsage);
  const sinceText = stringOption(args, 'since');
  const hours = sinceText === undefined ? 24 : Number(sinceText);
  if (!Number.isFinite(hours) || hours <= 0) throw new UsageError(`--since must be a positive number of hours, got "${sinceText}"`);
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const store = Store.open(paths.db);
  try {
    const alerts = new MonitorStore(store.db).alerts(Date.now() - hours * 3_600_000);
    if (alerts.length === 0) io.out(`No alerts in the last ${hours} hours.`);
    for (const a of alerts) io.out(`${new Date(a.time).toISOString().replace('T', ' ').slice(0, 19)}  ${a.severity.padEnd(7)}  ${a.message}`);
  } finally {
    store.close();
  }
  return 0;
}
