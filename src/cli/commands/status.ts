import { existsSync } from 'node:fs';
import type { RuntimeStatus } from '../../shared/api';
import type { ParsedArgs } from '../args';
import { stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';
import { loadConfig } from '../../core/workspace';

export const statusUsage = 'mlops status [--workspace DIR] [--json]       the runtime, store and config of the workspace';

interface StatusReport {
  workspace: string;
  runtime: RuntimeStatus | null;
  store: { driver: string; path: string; schemaVersion: number } | null;
  configErrors: string[];
}

export async function statusCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  let report: StatusReport;
  if (!existsSync(paths.db) && !existsSync(paths.runtimeFile)) {
    report = { workspace: paths.root, runtime: null, store: null, configErrors: loadConfig(paths.config).errors };
  } else {
    report = await viaRuntimeOrStore<StatusReport>(
      paths,
      async (client) => {
        const status = await client.status();
        return { workspace: paths.root, runtime: status, store: status.store, configErrors: status.configErrors };
      },
      (store) => ({
        workspace: paths.root,
        runtime: null,
        store: { driver: store.driverName, path: store.path, schemaVersion: store.schemaVersion },
        configErrors: loadConfig(paths.config).errors,
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
  for (const error of report.configErrors) io.out(`config     ${error}`);
  return 0;
}
