import type { DatasetState, DatasetVersion } from '../../core/data';
import { DatasetRepository } from '../../core/data';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';

export const dataUsage = 'mlops data add PATH | status | log PATH        version data in DVC 3 format (see README)';

type StatusRow = { path: string; state: DatasetState; latest: DatasetVersion | undefined };

function describe(v: DatasetVersion): string {
  const shape = v.summary ? `, ${v.summary.rows} rows × ${v.summary.columns.length} columns` : v.nfiles !== null ? `, ${v.nfiles} files` : '';
  return `v${v.version}  ${v.md5.slice(0, 8)}  ${new Date(v.createdTime).toISOString().replace('T', ' ').slice(0, 19)}  ${v.size} bytes${shape}${v.gitCommit ? `  git ${v.gitCommit.slice(0, 8)}` : ''}${v.runId ? `  run ${v.runId.slice(0, 8)}` : ''}`;
}

/** `mlops data …`: through the runtime when it is up, on the store directly when not. */
export async function dataCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, path] = args.positionals;
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const repo = (store: { db: ConstructorParameters<typeof DatasetRepository>[0] }) => new DatasetRepository(store.db, paths.root);
  switch (sub) {
    case 'add': {
      if (!path) throw new UsageError('mlops data add PATH');
      const result = await viaRuntimeOrStore(
        paths,
        (client) => client.request<{ version: DatasetVersion; changed: boolean }>('POST', '/api/data/add', { path }),
        (store) => repo(store).add(path),
      );
      io.out(result.changed ? `${result.version.path}: ${describe(result.version)}` : `${result.version.path}: unchanged (${describe(result.version)})`);
      return 0;
    }
    case 'status': {
      const rows = await viaRuntimeOrStore<StatusRow[]>(
        paths,
        async (client) => (await client.request<{ datasets: StatusRow[] }>('GET', '/api/data/status')).datasets,
        (store) => repo(store).status(),
      );
      if (rows.length === 0) io.out('No data tracked yet: list paths under data.track in mlops.yaml, or run mlops data add PATH.');
      for (const row of rows) io.out(`${row.state.padEnd(12)} ${row.path}${row.latest ? `  (v${row.latest.version} ${row.latest.md5.slice(0, 8)})` : ''}`);
      return rows.some((r) => r.state !== 'ok') ? 1 : 0;
    }
    case 'log': {
      if (!path) throw new UsageError('mlops data log PATH');
      const versions = await viaRuntimeOrStore(
        paths,
        async (client) => (await client.request<{ versions: DatasetVersion[] }>('GET', `/api/data/versions?path=${encodeURIComponent(path)}`)).versions,
        (store) => repo(store).versions(path),
      );
      if (versions.length === 0) io.out(`${path} has no versions yet.`);
      for (const v of [...versions].reverse()) io.out(describe(v));
      return 0;
    }
    default:
      throw new UsageError(`unknown data command "${sub ?? ''}"; use add, status or log`);
  }
}
