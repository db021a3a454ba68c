import type { CheckoutResult, DatasetStatus, DatasetVersion, GcResult, RemoteDatasetState, ResolvedRemote, TransferProgress, TransferResult, UntrackResult, VerifyResult, VersionDiff } from '../../core/data';
import {
  untrack,
  DatasetRepository,
  checkout,
  collectGarbage,
  diffVersions,
  loadDataConfig,
  noRemoteError,
  pullObjects,
  pushObjects,
  remoteStatus,
  requireRemote,
  resolveRemote,
  verifyCache,
} from '../../core/data';
import type { WorkspacePaths } from '../../core/workspace';
import { loadConfig } from '../../core/workspace';
import { RuntimeClient } from '../../shared/runtime-client';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';
import { call, DATA_ADD, DATA_CHECKOUT, DATA_DIFF, DATA_GC, DATA_PULL, DATA_PUSH, DATA_REMOTE, DATA_STATUS, DATA_UNTRACK, DATA_VERIFY, DATA_VERSIONS } from '../../shared/contract';

export const dataUsage =
  'mlops data add PATH | status | log PATH | diff PATH [A] [B] | checkout PATH@VERSION | verify | untrack PATH | push [--all-versions] | pull [--all-versions] | gc [--dry-run] | remote';

/** A push or pull through the runtime answers when it is done, which may take a while. */
const TRANSFER_TIMEOUT_MS = 6 * 60 * 60 * 1000;
/** Without a terminal, a progress line every this many objects. */
const PROGRESS_EVERY = 100;

type StatusRow = DatasetStatus;

function describe(v: DatasetVersion): string {
  const shape = v.summary ? `, ${v.summary.rows} rows × ${v.summary.columns.length} columns` : v.nfiles !== null ? `, ${v.nfiles} file${v.nfiles === 1 ? '' : 's'}` : '';
  return `v${v.version}  ${v.md5.slice(0, 8)}  ${new Date(v.createdTime).toISOString().replace('T', ' ').slice(0, 19)}  ${v.size} bytes${shape}${v.gitCommit ? `  git ${v.gitCommit.slice(0, 8)}` : ''}${v.runId ? `  run ${v.runId.slice(0, 8)}` : ''}`;
}

/** `mlops data …`: through the runtime when it is up, on the store directly when not. */
export async function dataCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, path] = args.positionals;
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const repo = (store: { db: ConstructorParameters<typeof DatasetRepository>[0] }) => new DatasetRepository(store.db, paths.root, undefined, loadConfig(paths.config).config.data.link);
  switch (sub) {
    case 'add': {
      if (!path) throw new UsageError('mlops data add PATH');
      const result = await viaRuntimeOrStore(
        paths,
        (client) => call(client, DATA_ADD, { path }),
        (store) => repo(store).add(path),
      );
      io.out(result.changed ? `${result.version.path}: ${describe(result.version)}` : `${result.version.path}: unchanged (${describe(result.version)})`);
      return 0;
    }
    case 'status': {
      const rows = await viaRuntimeOrStore<StatusRow[]>(
        paths,
        async (client) => (await call(client, DATA_STATUS)).datasets,
        (store) => repo(store).status(),
      );
      if (rows.length === 0) io.out('No data tracked yet: list paths under data.track in mlops.yaml, or run mlops data add PATH.');
      for (const row of rows) {
        io.out(`${row.state.padEnd(12)} ${row.path}${row.latest ? `  (v${row.latest.version} ${row.latest.md5.slice(0, 8)})` : ''}`);
        if (row.problem) io.err(`  ${row.problem}`);
      }
      return rows.some((r) => r.state !== 'ok') ? 1 : 0;
    }
    case 'log': {
      if (!path) throw new UsageError('mlops data log PATH');
      const versions = await viaRuntimeOrStore(
        paths,
        async (client) => (await call(client, DATA_VERSIONS, { path })).versions,
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
        (client) => call(client, DATA_CHECKOUT, { path: target, version: ref }),
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
        (client) => call(client, DATA_DIFF, { path, from, to }),
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
        (client) => call(client, DATA_VERIFY),
        (store) => verifyCache(repo(store)),
      );
      for (const c of result.corrupt) io.err(`corrupt  ${c.path} (content hashes to ${c.actual})`);
      io.out(`${result.checked} cache objects checked, ${result.corrupt.length} corrupt.`);
      return result.corrupt.length > 0 ? 1 : 0;
    }
    case 'untrack': {
      if (!path) throw new UsageError('mlops data untrack PATH');
      const result = await viaRuntimeOrStore<UntrackResult>(
        paths,
        (client) => call(client, DATA_UNTRACK, { path }),
        (store) => untrack(repo(store), store.db, paths.config, path),
      );
      const undone = [result.removedFromConfig && 'its mlops.yaml entry', result.removedPointer && `${result.path}.dvc`, result.removedIgnore && 'its .gitignore line'].filter(Boolean);
      io.out(`${result.path} is no longer versioned${undone.length ? ` (removed ${undone.join(', ')})` : ''}; the data stays, and its ${result.versionsKept} versions stay in the history and the cache (mlops data add ${result.path} resumes them).`);
      return 0;
    }
    case 'push':
    case 'pull':
      return transferCommand(sub, args.options.has('all-versions'), paths, io);
    case 'gc':
      return gcCommand(args.options.has('dry-run'), paths, io);
    case 'remote':
      return remoteCommand(paths, io);
    default:
      throw new UsageError(`unknown data command "${sub ?? ''}"; use add, status, log, diff, checkout, verify, untrack, push, pull, gc or remote`);
  }
}

async function transferCommand(direction: 'push' | 'pull', allVersions: boolean, paths: WorkspacePaths, io: CliIo): Promise<number> {
  const progress = progressPrinter(direction === 'push' ? 'pushing' : 'pulling', io);
  const result = await viaRuntimeOrStore<TransferResult>(
    paths,
    async (client) => {
      const events = client.subscribe({
        onEvent: (e) => {
          if (e.type === 'data.transfer' && e.data.direction === direction && !e.data.finished) progress.update(e.data.done, e.data.total, e.data.bytes);
        },
      });
      try {
        return await call(new RuntimeClient(client.info, TRANSFER_TIMEOUT_MS), direction === 'push' ? DATA_PUSH : DATA_PULL, { all_versions: allVersions });
      } finally {
        events.close();
      }
    },
    (store) => {
      const remote = requireRemote(paths.root, loadDataConfig(paths.root));
      const repo = new DatasetRepository(store.db, paths.root);
      return (direction === 'push' ? pushObjects : pullObjects)(repo, remote, { allVersions, onProgress: progress.update });
    },
  );
  progress.end();
  for (const p of result.missing) io.err(`missing  ${p.md5}  ${p.dataset}: ${p.reason}`);
  for (const p of result.failed) io.err(`failed   ${p.md5 || '-'}  ${p.dataset}: ${p.reason}`);
  const [verb, where, present] = direction === 'push' ? ['Pushed', 'to', 'already in the remote'] : ['Pulled', 'from', 'already in the cache'];
  io.out(`${verb} ${result.copied} of ${result.objects} objects (${result.bytes} bytes) ${where} ${result.remote}; ${result.skipped} ${present}.`);
  for (const path of result.restored) io.out(`Restored ${path} into the workspace.`);
  const problems = result.missing.length + result.failed.length;
  if (problems > 0) io.err(`${problems} object(s) could not be ${direction === 'push' ? 'pushed' : 'pulled'}; see above.`);
  return problems > 0 ? 1 : 0;
}

async function gcCommand(dryRun: boolean, paths: WorkspacePaths, io: CliIo): Promise<number> {
  const result = await viaRuntimeOrStore<GcResult>(
    paths,
    (client) => call(client, DATA_GC, { dry_run: dryRun }),
    (store) => collectGarbage(new DatasetRepository(store.db, paths.root), store.db, { keep: loadDataConfig(paths.root).gc?.keep, dryRun }),
  );
  if (dryRun) for (const o of result.removed) io.out(`would delete  ${o.md5}  ${o.size} bytes`);
  const temps = result.tempFiles.count > 0 ? ` and ${result.tempFiles.count} stale temp file(s) (${result.tempFiles.bytes} bytes)` : '';
  io.out(`${dryRun ? 'Would delete' : 'Deleted'} ${result.removed.length} cache object(s) (${result.removedBytes} bytes)${temps}; ${result.kept} referenced object(s) kept.`);
  if (result.recent > 0) io.out(`${result.recent} unreferenced object(s) written in the last hour were kept (an add may be under way); run gc again later to remove them.`);
  for (const md5 of result.manifestsMissing) io.err(`note: the kept folder version ${md5} has no .dir manifest in the cache, so its files could not be listed; mlops data pull fetches it.`);
  return 0;
}

async function remoteCommand(paths: WorkspacePaths, io: CliIo): Promise<number> {
  const { remote, datasets } = await viaRuntimeOrStore<{ remote: ResolvedRemote | null; datasets: RemoteDatasetState[] }>(
    paths,
    (client) => call(client, DATA_REMOTE),
    async (store) => {
      const resolved = resolveRemote(paths.root, loadDataConfig(paths.root));
      return { remote: resolved ?? null, datasets: resolved ? await remoteStatus(new DatasetRepository(store.db, paths.root), resolved) : [] };
    },
  );
  if (!remote) throw noRemoteError();
  io.out(`${remote.path}  (from ${remote.source}${remote.name ? `, remote "${remote.name}"` : ''}${remote.url !== remote.path ? `: ${remote.url}` : ''})`);
  for (const d of datasets) io.out(`${(d.pushed ? 'pushed' : 'not pushed').padEnd(12)} ${d.path}  (v${d.version} ${d.md5.slice(0, 8)}${d.pushed ? '' : `, ${d.missingObjects} object(s) missing`})`);
  return 0;
}

/** Progress on stderr: one line rewritten in place on a terminal, a line every PROGRESS_EVERY objects otherwise. */
function progressPrinter(verb: string, io: CliIo): { update: TransferProgress; end(): void } {
  const terminal = process.stderr.isTTY === true;
  let drawnAt = 0;
  let drawn = false;
  let printed = 0;
  return {
    update: (done, total, bytes) => {
      const line = `${verb} ${done}/${total} objects, ${bytes} bytes`;
      if (!terminal) {
        if (done - printed >= PROGRESS_EVERY) {
          printed = done;
          io.err(line);
        }
        return;
      }
      if (Date.now() - drawnAt < 100 && done < total) return;
      drawnAt = Date.now();
      drawn = true;
      process.stderr.write(`\r${line}\u001b[K`);
    },
    end: () => {
      if (drawn) process.stderr.write('\n');
    },
  };
}
