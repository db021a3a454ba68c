import type { CheckoutResult, DatasetState, DatasetVersion, VerifyResult, VersionDiff } from '../../core/data';
import { DatasetRepository, checkout, diffVersions, verifyCache } from '../../core/data';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';

export const dataUsage = 'mlops data add PATH | status | log PATH | diff PATH [A] [B] | checkout PATH@VERSION | verify';

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
    case 'checkout': {
      const at = path?.lastIndexOf('@') ?? -1;
      if (!path || at <= 0) throw new UsageError('mlops data checkout PATH@VERSION (e.g. data/weather.csv@2)');
      const [target, ref] = [path.slice(0, at), path.slice(at + 1)];
      const result = await viaRuntimeOrStore<CheckoutResult>(
        paths,
        (client) => client.request('POST', '/api/data/checkout', { path: target, version: ref }),
        (store) => {
          const r = repo(store);
          return checkout(r, target, ref, (p) => r.add(p));
        },
      );
      if (result.savedFirst) io.out(`Saved the unversioned changes first as v${result.savedFirst.version}.`);
      io.out(`Restored ${result.now.path} to v${result.restored.version} (now v${result.now.version}, ${result.now.md5.slice(0, 8)}).`);
      return 0;
    }
    case 'diff': {
      if (!path) throw new UsageError('mlops data diff PATH [A] [B]');
      const [, , from, to] = args.positionals;
      const diff = await viaRuntimeOrStore<VersionDiff>(
        paths,
        (client) => client.request('GET', `/api/data/diff?path=${encodeURIComponent(path)}${from ? `&from=${from}` : ''}${to ? `&to=${to}` : ''}`),
        (store) => diffVersions(repo(store), path, from, to),
      );
      io.out(`${path}: v${diff.from.version} → v${diff.to.version}${diff.from.md5 === diff.to.md5 ? ' (identical)' : ''}`);
      if (diff.rows) io.out(`rows     ${diff.rows.from} → ${diff.rows.to} (${diff.rows.to - diff.rows.from >= 0 ? '+' : ''}${diff.rows.to - diff.rows.from})`);
      if (diff.columns) {
        for (const c of diff.columns.added) io.out(`column + ${c}`);
        for (const c of diff.columns.removed) io.out(`column - ${c}`);
        for (const c of diff.columns.typeChanged) io.out(`column ~ ${c.name}: ${c.from} → ${c.to}`);
      }
      if (diff.files) {
        for (const f of diff.files.added) io.out(`+ ${f}`);
        for (const f of diff.files.removed) io.out(`- ${f}`);
        for (const f of diff.files.modified) io.out(`M ${f}`);
      }
      return 0;
    }
    case 'verify': {
      const result = await viaRuntimeOrStore<VerifyResult>(
        paths,
        (client) => client.request('POST', '/api/data/verify'),
        (store) => verifyCache(repo(store)),
      );
      for (const c of result.corrupt) io.err(`corrupt  ${c.path} (content hashes to ${c.actual})`);
      io.out(`${result.checked} cache objects checked, ${result.corrupt.length} corrupt.`);
      return result.corrupt.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown data command "${sub ?? ''}"; use add, status, log, diff, checkout or verify`);
  }
}
