import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { Log } from '../logger';

export interface NewDataTiming {
  /** Quiet time after the last change before the monitor runs. Default 10 s. */
  debounceMs: number;
  /** A steady stream of changes still runs the monitor this long after the first one (a busy model server logs all the time). Default 5 min. */
  maxWaitMs: number;
  /** How often a folder that does not exist (yet) is looked for. Default 5 s. */
  retryMs: number;
}

export const DEFAULT_NEW_DATA_TIMING: NewDataTiming = { debounceMs: 10_000, maxWaitMs: 300_000, retryMs: 5_000 };

/**
 * Calls `onNewData` once files of a folder were added or changed and the folder has been quiet for
 * a while. A folder that does not exist is looked for until it appears (its files then count as
 * new); one that disappears is looked for again.
 */
export class NewDataWatcher {
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private firstChangeAt: number | undefined;
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly accepts: (file: string) => boolean,
    /** Not awaited: a promise it returns must handle its own failure (MonitorService.background does). */
    private readonly onNewData: () => unknown,
    private readonly timing: NewDataTiming,
    private readonly log: Log,
    private readonly onState: (state: 'waiting' | 'watching') => void = () => undefined,
  ) {}

  /** A change was seen and the quiet time before `onNewData` has not passed yet. */
  get pending(): boolean {
    return this.debounce !== undefined;
  }

  start(): void {
    if (existsSync(this.dir)) this.watchFolder(false);
    else this.waitForFolder();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    await this.watcher?.close();
  }

  private waitForFolder(): void {
    this.onState('waiting');
    this.poll = setInterval(() => {
      if (!existsSync(this.dir)) return;
      clearInterval(this.poll);
      this.poll = undefined;
      this.watchFolder(true);
    }, this.timing.retryMs);
    this.poll.unref();
  }

  private watchFolder(filesAreNew: boolean): void {
    if (this.closed) return;
    const watcher = watch(this.dir, { ignoreInitial: !filesAreNew, depth: 0 });
    this.watcher = watcher;
    const changed = (file: string): void => {
      if (file !== this.dir && this.accepts(basename(file))) this.changed();
    };
    watcher.on('add', changed);
    watcher.on('change', changed);
    watcher.on('unlinkDir', (dir) => {
      if (dir !== this.dir || this.closed) return;
      watcher.close().catch((error: Error) => this.log(`monitors: closing the watcher of ${this.dir} failed: ${error.message}`));
      if (this.watcher === watcher) this.watcher = undefined;
      this.waitForFolder();
    });
    watcher.on('ready', () => {
      if (!this.closed && this.watcher === watcher) this.onState('watching');
    });
    watcher.on('error', (error) => this.log(`monitors: watching ${this.dir}: ${(error as Error).message}`));
  }

  private changed(): void {
    if (this.closed) return;
    const now = Date.now();
    this.firstChangeAt ??= now;
    clearTimeout(this.debounce);
    const wait = Math.max(0, Math.min(this.timing.debounceMs, this.firstChangeAt + this.timing.maxWaitMs - now));
    this.debounce = setTimeout(() => {
      this.firstChangeAt = undefined;
      this.debounce = undefined;
      if (!this.closed) this.onNewData();
    }, wait);
    this.debounce.unref();
  }
}
