import { existsSync } from 'node:fs';
import type { RuntimeStatus } from '../../shared/api';
import type { MonitorSummary, MonitorsResponse } from '../../shared/monitors';
import type { ParsedArgs } from '../args';
import { stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';
import { pipelineStatusCommand } from './repro';
import { loadWorkspaceConfig } from '../../core/config';
import { loadMonitorsConfig } from '../../core/monitoring';
import { monitorsFromStore, summarizeMonitor } from '../../runtime/monitoring/monitor-summary';
import { call, MONITORS_LIST } from '../../shared/contract';

export const statusUsage = 'mlops status [--workspace DIR] [--json] [--pipeline]       the runtime, store, config and monitors of the workspace';

interface StatusReport {
  workspace: string;
  runtime: RuntimeStatus | null;
  store: { driver: string; path: string; schemaVersion: number } | null;
  /** Every problem of mlops.yaml as "mlops.yaml:LINE: message" (the monitors' included). */
  configErrors: string[];
  /** As the runtime lists them, else as the store knows them; null when the runtime could not list them. */
  monitors: MonitorsResponse | null;
  monitorsUnavailable?: string;
}

export async function statusCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.options.get('pipeline') === true) return pipelineStatusCommand(args, io);
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  let report: StatusReport;
  if (!existsSync(paths.db) && !existsSync(paths.runtimeFile)) {
    const monitors = loadMonitorsConfig(paths.config);
    report = {
      workspace: paths.root,
      runtime: null,
      store: null,
      configErrors: loadWorkspaceConfig(paths.config).errors,
      monitors: { monitors: monitors.monitors.map((m) => summarizeMonitor(m, { now: Date.now() })), errors: monitors.errors },
    };
  } else {
    report = await viaRuntimeOrStore<StatusReport>(
      paths,
      async (client) => {
        const status = await client.status();
        // The file as it is now: the runtime may still run with settings from before an unusable edit.
        const base = { workspace: paths.root, runtime: status, store: status.store, configErrors: loadWorkspaceConfig(paths.config).errors };
        try {
          return { ...base, monitors: await call(client, MONITORS_LIST) };
        } catch (error) {
          return { ...base, monitors: null, monitorsUnavailable: (error as Error).message };
        }
      },
      (store) => ({
        workspace: paths.root,
        runtime: null,
        store: { driver: store.driverName, path: store.path, schemaVersion: store.schemaVersion },
        configErrors: loadWorkspaceConfig(paths.config).errors,
        monitors: monitorsFromStore(store.db, loadMonitorsConfig(paths.config)),
      }),
    );
  }
  if (args.options.has('json')) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  io.out(`workspace  ${report.workspace}`);
  io.out(
    report.runtime
      ? `runtime    running, pid ${report.runtime.pid}, Node ${report.runtime.node.version}, up ${Math.round(report.runtime.uptimeMs / 1000)} s`
      : 'runtime    not running (start it with `mlops runtime` or by opening the folder in VS Code)',
  );
  io.out(report.store ? `store      ${report.store.path} (${report.store.driver}, schema ${report.store.schemaVersion})` : 'store      none yet');
  for (const error of new Set([...report.configErrors, ...(report.monitors?.errors ?? [])])) io.out(`config     ${error}`);
  if (report.monitorsUnavailable) io.out(`monitors   the runtime did not list them: ${report.monitorsUnavailable}`);
  for (const monitor of report.monitors?.monitors ?? []) io.out(`monitor    ${monitorLine(monitor, report.runtime !== null)}`);
  return 0;
}

const clock = (time: number): string => {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** "weather (weather@champion, predictions): alerting — 2026-03-10 12:00 drift share 0.67 (temp, humidity), 300 rows, 1 alert; next run 12:15". */
export function monitorLine(monitor: MonitorSummary, runtimeUp: boolean): string {
  const parts: string[] = [];
  const { last } = monitor;
  if (last) {
    const columns = last.driftedColumns.length > 0 ? ` (${last.driftedColumns.join(', ')})` : '';
    parts.push(`last run ${clock(last.time)}: drift share ${Number(last.driftShare.toFixed(3))}${columns}, ${last.rows} rows, ${last.alerts} alert${last.alerts === 1 ? '' : 's'}`);
  } else if (monitor.status !== 'error') parts.push('never ran');
  if (monitor.error) parts.push(`last run failed: ${monitor.error}`);
  if (monitor.silencedUntil) parts.push(`silenced until ${clock(monitor.silencedUntil)}`);
  if (monitor.nextRunAt) parts.push(`next run ${clock(monitor.nextRunAt)}`);
  else if (monitor.schedule && !runtimeUp) parts.push(`schedule "${monitor.schedule}" runs while the runtime is up`);
  return `${monitor.name} (${monitor.model}, ${monitor.source}): ${monitor.status} — ${parts.join('; ')}`;
}
