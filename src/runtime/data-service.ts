import { join, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { AddResult, CheckoutResult, DatasetRepository, TrackProblem, UntrackResult } from '../core/data';
import { checkout, globBase, globToRegExp, importDvcData, isGlob, resolveTrackSpecs, untrack } from '../core/data';
import type { SqlDriver } from '../core/store';
import { readGitCommit } from '../core/tracking';
import type { EventHub } from './event-hub';
import type { Log } from './logger';

const DEBOUNCE_MS = 150;

/**
 * Versions tracked data: on request, and on change of exactly the paths `data.track` names
 * (watched with chokidar once each write has settled, bursts debounced). Adds of one dataset are
 * serialized, so two racing saves become two versions in order, never an interleaving.
 */
export class DataService {
  private watcher: FSWatcher | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private specs: string[] = [];
  private problems: TrackProblem[] = [];
  private generation = 0;
  private tracking: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly repo: DatasetRepository,
    private readonly db: SqlDriver,
    private readonly hub: EventHub,
    private readonly log: Log,
    private readonly workspace: string,
  ) {}

  /** Versions `path` (queued behind any other work on the same dataset) and announces a new version. */
  add(path: string): Promise<AddResult> {
    const rel = this.repo.relativePath(path);
    return this.queued(rel, () => this.addNow(rel));
  }

  /** Restores a version; unversioned changes are versioned first (see core/data checkout). */
  checkout(path: string, ref: string): Promise<CheckoutResult> {
    const rel = this.repo.relativePath(path);
    return this.queued(rel, () => checkout(this.repo, rel, ref, (p) => this.addNow(p)));
  }

  /** Stops versioning a dataset (after any queued work on it), then watches what is left. */
  async untrack(path: string, configFile: string, configured: () => string[]): Promise<UntrackResult> {
    const rel = this.repo.relativePath(path);
    const result = await this.queued(rel, () => untrack(this.repo, this.db, configFile, rel));
    this.log(`data: ${rel} untracked (${result.versionsKept} versions kept in the history and the cache)`);
    await this.track(configured());
    return result;
  }

  private async addNow(rel: string): Promise<AddResult> {
    const result = await this.repo.add(rel, { gitCommit: await readGitCommit(this.workspace) });
    if (result.changed || result.summarized) {
      const v = result.version;
      if (result.changed) this.log(`data: ${rel} version ${v.version} (${v.md5.slice(0, 8)}, ${v.size} bytes)`);
      this.hub.publish('dataset.version', {
        path: rel,
        version: v.version,
        md5: v.md5,
        size: v.size,
        ...(v.summary && { rows: v.summary.rows, columns: v.summary.columns.length }),
      });
    }
    return result;
  }

  private queued<T>(rel: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(rel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(rel, next);
    const forget = () => {
      if (this.queues.get(rel) === next) this.queues.delete(rel);
    };
    next.then(forget, forget);
    return next;
  }

  /** The dataset a changed file belongs to, if any: the tracked folder holding it, or the file. */
  datasetOf(path: string): string | undefined {
    const rel = relative(this.workspace, join(this.workspace, path)).split(sep).join('/');
    if (rel.endsWith('.dvc') || rel.endsWith('/.gitignore') || rel === '.gitignore') return undefined;
    for (const raw of this.specs) {
      const spec = raw.replace(/^\.\//, '').replace(/\/+$/, '');
      if (isGlob(spec)) {
        if (globToRegExp(spec).test(rel)) return rel;
      } else if (rel === spec || rel.startsWith(`${spec}/`)) return spec;
    }
    return undefined;
  }

  /**
   * Watches the tracked paths (and only them), versioning each once now. In a DVC repository the
   * data its `.dvc` pointers and `dvc.lock` outputs name is tracked too, from what they say.
   */
  track(configured: string[]): Promise<void> {
    this.tracking = this.retrack(configured);
    return this.tracking;
  }

  /** The `data.track` entries (and pointer files) the last `track` left out, and why. */
  trackProblems(): readonly TrackProblem[] {
    return this.problems;
  }

  /** Resolves once the datasets `track` found are versioned (the watcher may still be starting). */
  settled(): Promise<void> {
    return this.tracking.catch(() => undefined);
  }

  private async retrack(configured: string[]): Promise<void> {
    const generation = ++this.generation;
    // Yield first, so the runtime's ready line and first requests never wait on a folder walk.
    await new Promise((resolve) => setImmediate(resolve));
    await this.stopWatching();
    const stale = () => generation !== this.generation || this.closed;
    if (stale()) return;
    const resolved = resolveTrackSpecs(this.workspace, configured);
    const specs = [...resolved.specs];
    const problems = [...resolved.problems];
    const dvc = await importDvcData(this.repo);
    if (stale()) return;
    for (const { path, version, from } of dvc.imported) this.log(`data: ${path} imported from ${from} as v${version}`);
    const fromPointers = dvc.paths.filter((path) => !specs.includes(path));
    problems.push(...dvc.problems);
    specs.push(...fromPointers);
    for (const problem of problems) this.log(`data: ${problem.spec}: ${problem.reason} (skipped; the other entries are versioned)`);
    this.problems = problems;
    this.specs = specs;
    if (specs.length === 0) return;
    const datasets = new Set([...resolved.paths, ...resolveTrackSpecs(this.workspace, fromPointers, this.repo.cache.root).paths]);
    for (const dataset of [...datasets].sort()) {
      await this.add(dataset).catch((error: Error) => this.log(`data: cannot version ${dataset}: ${error.message}`));
    }
    // A newer track() or close() may have run while versioning: its state wins.
    if (stale()) return;
    const roots = specs.map((s) => join(this.workspace, isGlob(s) ? globBase(s) || '.' : s.replace(/\/+$/, '')));
    const watcher = watch(roots, {
      ignoreInitial: true,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
      ignored: (path: string) => /(^|[/\\])(\.git|\.mlops|\.dvc|node_modules)([/\\]|$)/.test(path) || path.endsWith('.dvc') || path.endsWith('.mlops-tmp'),
    });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.changed(relative(this.workspace, path).split(sep).join('/')));
    watcher.on('error', (error) => this.log(`data: watcher error: ${(error as Error).message}`));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  /** A change reported by the watcher or by an editor save: debounced per dataset. */
  changed(path: string): void {
    const dataset = this.datasetOf(path);
    if (!dataset || this.closed) return;
    clearTimeout(this.timers.get(dataset));
    this.timers.set(
      dataset,
      setTimeout(() => {
        this.timers.delete(dataset);
        this.add(dataset).catch((error: Error) => this.log(`data: cannot version ${dataset}: ${error.message}`));
      }, DEBOUNCE_MS),
    );
  }

  /** Stops watching for good (runtime shutdown) and waits for versioning under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    await this.stopWatching();
    await Promise.allSettled([...this.queues.values()]);
  }

  private async stopWatching(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }
}
