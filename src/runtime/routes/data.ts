import type { TransferProgress, TransferResult } from '../../core/data';
import { compareVersions } from '../../core/monitoring';
import { collectGarbage, versionUsage, diffVersions, loadDataConfig, pullObjects, pushObjects, remoteStatus, requireRemote, resolveRemote, verifyCache } from '../../core/data';
import { loadConfig } from '../../core/workspace';
import type { EventHub } from '../event-hub';
import {
  DATA_ADD, DATA_CHECKOUT, DATA_COMPARE, DATA_DATASETS, DATA_DIFF, DATA_GC, DATA_PULL, DATA_PUSH, DATA_REMOTE, DATA_SAVED, DATA_STATUS, DATA_UNTRACK, DATA_VERIFY, DATA_VERSIONS,
} from '../../shared/contract';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** At most one `data.transfer` event per this interval (events are stored), plus the final one. */
const PROGRESS_EVENT_MS = 250;

/** Runs a push or pull, publishing its progress as `data.transfer` events. */
async function publishingProgress(hub: EventHub, direction: 'push' | 'pull', work: (onProgress: TransferProgress) => Promise<TransferResult>): Promise<TransferResult> {
  let last = { done: 0, total: 0, bytes: 0 };
  let publishedAt = 0;
  try {
    return await work((done, total, bytes) => {
      last = { done, total, bytes };
      if (Date.now() - publishedAt < PROGRESS_EVENT_MS) return;
      publishedAt = Date.now();
      hub.publish('data.transfer', { direction, ...last, finished: false });
    });
  } finally {
    hub.publish('data.transfer', { direction, ...last, finished: true });
  }
}

function describeTransfer(r: TransferResult): string {
  return `data: ${r.direction} ${r.remote}: ${r.copied} copied (${r.bytes} bytes), ${r.skipped} already there, ${r.missing.length} missing, ${r.failed.length} failed${r.restored.length ? `, restored ${r.restored.join(', ')}` : ''}`;
}

/** Datasets and their versions; adds go through the data service so they are serialized. */
export function registerDataRoutes(router: Router, ctx: RuntimeContext): void {
  router.handle(DATA_DATASETS, async () => {
    await ctx.data.settled();
    return { datasets: ctx.datasets.list() };
  });

  router.handle(DATA_STATUS, async () => ({ datasets: await ctx.datasets.status() }));

  router.handle(DATA_VERSIONS, ({ path }) => {
    const versions = ctx.datasets.versions(path);
    const usage = versionUsage(ctx.store.db, ctx.datasets.relativePath(path));
    return { versions: versions.map((v) => ({ ...v, usedBy: usage.get(v.md5) ?? { runs: [], models: [] } })) };
  });

  router.handle(DATA_ADD, async ({ path }) => {
    const result = await ctx.data.add(path);
    return { version: result.version, changed: result.changed, pointer_file: result.pointerFile };
  });

  router.handle(DATA_CHECKOUT, ({ path, version }) => ctx.data.checkout(path, String(version)));

  router.handle(DATA_DIFF, ({ path, from, to }) => diffVersions(ctx.datasets, path, from, to));

  router.handle(DATA_VERIFY, () => verifyCache(ctx.datasets));

  router.handle(DATA_REMOTE, async () => {
    const remote = resolveRemote(ctx.paths.root, loadDataConfig(ctx.paths.root));
    if (!remote) return { remote: null, datasets: [] };
    await ctx.data.settled();
    return { remote, datasets: await remoteStatus(ctx.datasets, remote) };
  });

  for (const [direction, route] of [['push', DATA_PUSH], ['pull', DATA_PULL]] as const) {
    router.handle(route, async ({ all_versions: allVersions = false }) => {
      const remote = requireRemote(ctx.paths.root, loadDataConfig(ctx.paths.root));
      await ctx.data.settled();
      const transfer = direction === 'push' ? pushObjects : pullObjects;
      const result = await publishingProgress(ctx.hub, direction, (onProgress) => transfer(ctx.datasets, remote, { allVersions, onProgress }));
      ctx.log(describeTransfer(result));
      return result;
    });
  }

  router.handle(DATA_GC, async ({ dry_run: dryRun = false }) => {
    const keep = loadDataConfig(ctx.paths.root).gc?.keep;
    await ctx.data.settled();
    const result = await collectGarbage(ctx.datasets, ctx.store.db, { keep, dryRun });
    if (!dryRun) ctx.log(`data: gc removed ${result.removed.length} cache objects (${result.removedBytes} bytes) and ${result.tempFiles.count} temp files`);
    return result;
  });

  router.handle(DATA_COMPARE, ({ path, from, to }) => compareVersions(ctx.datasets, path, from, to));

  router.handle(DATA_UNTRACK, ({ path }) => ctx.data.untrack(path, ctx.paths.config, () => loadConfig(ctx.paths.config).config.data.track));

  /** The extension reports editor saves, so a save is versioned without waiting for the watcher. */
  router.handle(DATA_SAVED, ({ path }) => {
    ctx.data.changed(ctx.datasets.relativePath(path));
    return {};
  });
}
