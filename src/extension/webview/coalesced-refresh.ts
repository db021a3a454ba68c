import type * as vscode from 'vscode';

/**
 * One refresh for a burst of runtime events: the first request starts a timer, the ones before it
 * fires are dropped. A panel following a training run uses it so logged batches do not each refetch.
 */
export class CoalescedRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly refresh: () => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, this.delayMs);
  }

  /** Drops a pending refresh. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
