export interface AliasWatcherOptions {
  /** The version the alias pointed at when serving started. */
  version: number;
  intervalMs: number;
  /** The version the alias points at now (a cheap read); throws when it cannot tell. */
  lookup(): number;
  /** Loads and serves `version`; rejects to keep the current one. */
  moveTo(version: number): Promise<void>;
  onError(message: string): void;
}

/**
 * Follows an alias: polls it, and hot-swaps when it moves. A version that fails to load is reported
 * once and retried on later polls (the alias may be fixed, or the file copied late).
 */
export class AliasWatcher {
  private current: number;
  private timer: NodeJS.Timeout | undefined;
  private moving: Promise<void> | undefined;
  private lastError = '';

  constructor(private readonly options: AliasWatcherOptions) {
    this.current = options.version;
  }

  get version(): number {
    return this.current;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.poll()?.catch((error: Error) => this.report(`following the alias failed: ${error.message}`));
    }, this.options.intervalMs);
  }

  /** One poll; returns the swap it started, if any (tests await it). */
  poll(): Promise<void> | undefined {
    if (this.moving) return undefined;
    let target: number;
    try {
      target = this.options.lookup();
    } catch (error) {
      this.report(`cannot read the alias: ${(error as Error).message}`);
      return undefined;
    }
    if (target === this.current) return undefined;
    this.moving = this.options
      .moveTo(target)
      .then(
        () => {
          this.current = target;
          this.lastError = '';
        },
        (error: unknown) => this.report(`the alias moved to version ${target}, which cannot be served: ${(error as Error).message}`),
      )
      .finally(() => (this.moving = undefined));
    return this.moving;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.moving;
  }

  private report(message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.options.onError(message);
  }
}
