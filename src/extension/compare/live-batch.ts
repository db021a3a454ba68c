import type { RuntimeEvent } from '../../shared/events';
import type { LiveUpdate } from '../../shared/webview/live-updates';
import { emptyLiveUpdate } from '../../shared/webview/live-updates';

/**
 * Collects the new points and run changes of the runs a panel shows, and hands them over in one
 * message per `delayMs` (a page redraws its charts once per message). No vscode import.
 */
export class LiveBatch {
  private pending: LiveUpdate = emptyLiveUpdate();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly shows: (runId: string) => boolean,
    private readonly send: (update: LiveUpdate) => void,
  ) {}

  /** True when the event was about a shown run and is now pending. */
  add(event: RuntimeEvent): boolean {
    if (event.type === 'run.metrics' && this.shows(event.data.runId)) {
      const entry = this.pending.points.find((p) => p.runId === event.data.runId);
      if (entry) entry.metrics.push(...event.data.metrics);
      else this.pending.points.push({ runId: event.data.runId, metrics: [...event.data.metrics] });
    } else if (event.type === 'run.changed' && this.shows(event.data.runId)) {
      this.pending.runs.push(event.data);
    } else return false;
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    return true;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const update = this.pending;
    this.pending = emptyLiveUpdate();
    if (update.points.length || update.runs.length) this.send(update);
  }

  /** Drops what is pending (the page reloads everything anyway). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = emptyLiveUpdate();
  }
}
