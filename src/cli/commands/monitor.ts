import { DomainError } from '../../core/errors';
import type { DriftSummary, MonitorResult } from '../../core/monitoring';
import { MonitorStore, runMonitor } from '../../core/monitoring';
import { Store } from '../../core/store';
import type { MonitorConfig } from '../../core/monitoring';
import { loadMonitorsConfig } from '../../core/monitoring';
import { AlertChannels, alertMessages } from '../../runtime/monitoring/alert-channels';
import { MonitorSilences, isSilenced } from '../../runtime/monitoring/silences';
import type { ParsedArgs } from '../args';
import { UsageError, intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

export const monitorUsage = 'mlops monitor run [NAME] | history NAME [--limit N]   compare recent inputs with the reference data (monitors: in mlops.yaml)';

/** Options that take a value, for main.ts's argument parser. */
export const MONITOR_VALUE_OPTIONS = ['limit'];

/** `mlops monitor …` on the store directly. `run` exits 1 when a monitor fails or an error-severity alert fires. */
export async function monitorCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, name] = args.positionals;
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  if (sub !== 'run' && sub !== 'history') throw new UsageError(monitorUsage);
  if (sub === 'history') {
    if (!name) throw new UsageError('mlops monitor history NAME [--limit N]');
    const limit = intOption(args, 'limit', 1, 100_000) ?? 20;
    const store = Store.open(paths.db);
    try {
      const results = new MonitorStore(store.db).results(name, limit);
      if (results.length === 0) io.out(`Monitor ${name} has no results yet: run mlops monitor run ${name}.`);
      for (const { result } of results) io.out(historyLine(result));
    } finally {
      store.close();
    }
    return 0;
  }
  const { monitors, alerting, errors } = loadMonitorsConfig(paths.config);
  for (const error of errors) io.err(error);
  const chosen = name ? monitors.filter((m) => m.name === name) : monitors;
  if (chosen.length === 0) {
    io.err(name ? `No valid monitor named "${name}" in mlops.yaml.` : 'No monitors in mlops.yaml: add a monitors: list (name, model, reference, window, alerts).');
    return 1;
  }
  const store = Store.open(paths.db);
  // Alerts go to alerts.log and the webhook from here too, as the runtime sends them (CI has no runtime).
  const channels = new AlertChannels(paths.logs, (line) => io.err(`mlops monitor: ${line}`));
  channels.configure(alerting);
  const silences = new MonitorSilences(store.db);
  let code = errors.length > 0 ? 1 : 0;
  try {
    for (const monitor of chosen) {
      try {
        const result = await runMonitor({ store, paths }, monitor);
        printResult(io, monitor, result);
        if (result.alerts.some((a) => a.severity === 'error')) code = 1;
        const silenceEnd = silences.until(monitor.name);
        const loud = result.alerts.filter((alert) => !isSilenced(silenceEnd, alert.time));
        for (const message of alertMessages(monitor.name, result, loud)) channels.deliver(message);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        io.err(`mlops monitor: ${error.message}`);
        code = 1;
      }
    }
  } finally {
    store.close();
    await channels.settled();
    await channels.close();
  }
  return code;
}

const iso = (time: number): string => new Date(time).toISOString().replace('T', ' ').slice(0, 19);
const num = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : Number(value.toPrecision(4)).toString());

function printResult(io: CliIo, monitor: MonitorConfig, result: MonitorResult): void {
  const { reference: ref, window } = result;
  io.out(`monitor ${result.monitor}: ${result.model}${result.modelVersion ? ` (v${result.modelVersion})` : ''} — reference ${ref.path} v${ref.version} (${ref.md5.slice(0, 8)}, ${ref.rows} rows)`);
  io.out(`window: ${window.rows} rows${window.requests !== undefined ? ` from ${window.requests} requests` : ''}${window.from ? `, ${window.from} → ${window.to}` : ''}`);
  io.out(driftTable(result.drift, 'column'));
  const { driftedColumns, testedColumns, drifted } = result.drift;
  io.out(`drift share ${num(result.driftShare)} (${driftedColumns} of ${testedColumns} columns; dataset ${drifted ? 'DRIFTED' : 'not drifted'} at ${monitor.drift.share})`);
  if (result.predictionDrift) io.out(driftTable(result.predictionDrift, 'prediction'));
  if (result.performance) io.out(performanceLine(result.performance));
  if (result.latency) io.out(`latency p50 ${num(result.latency.p50)} ms, p99 ${num(result.latency.p99)} ms; error rate ${num(result.errorRate)}`);
  for (const alert of result.alerts) io.out(`ALERT ${alert.severity}: ${alert.message}`);
  io.out('');
}

function driftTable(drift: DriftSummary, title: string): string {
  const rows = drift.columns.map((c) => [c.column, c.test, num(c.statistic), num(c.adjustedPValue ?? c.pValue), c.noData ? `no data (${c.noData})` : c.drifted ? 'DRIFT' : 'ok']);
  return table([title, 'test', 'statistic', 'p-value', 'drifted'], rows);
}

function performanceLine({ task, labeledRows, metrics }: NonNullable<MonitorResult['performance']>): string {
  return `${task} on ${labeledRows} labeled rows: ${Object.entries(metrics).map(([name, value]) => `${name} ${num(value)}`).join(', ')}`;
}

function historyLine(result: MonitorResult): string {
  const alerts = result.alerts.length > 0 ? `  alerts: ${result.alerts.map((a) => `${a.severity} ${a.rule}`).join('; ')}` : '';
  return `${iso(result.time)}  ${String(result.window.rows).padStart(7)} rows  drift share ${num(result.driftShare).padEnd(6)} ${result.drift.driftedColumns}/${result.drift.testedColumns} columns${result.drift.drifted ? '  DRIFTED' : ''}${alerts}`;
}

/** Left-aligned columns under a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
