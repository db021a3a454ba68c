import { nextCronTime } from '../../core/monitoring';

/** setTimeout's longest delay (about 24.8 days); a later time is reached in hops. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface CronEntry {
  key: string;
  /** Cron, as mlops.yaml gives it. */
  expr: string;
}

interface Armed {
  at: number;
  timer: NodeJS.Timeout;
}

/**
 * One timer per keyed cron expression, firing at each time it names. `now` is the clock the
 * times are computed on (a test may run it ahead); the timers themselves are real.
 */
export class CronTimers {
  private readonly armed = new Map<string, Armed>();

  constructor(
    private readonly now: () => number,
    private readonly fire: (entry: CronEntry) => void,
  ) {}

  /** Replaces every timer with one per entry, each at its next time from now. */
  arm(entries: readonly CronEntry[]): void {
    this.clear();
    for (const entry of entries) this.schedule(entry, this.now());
  }

  /** When the entry fires next (epoch ms of `now`'s clock), if it is armed. */
  nextAt(key: string): number | undefined {
    return this.armed.get(key)?.at;
  }

  clear(): void {
    for (const { timer } of this.armed.values()) clearTimeout(timer);
    this.armed.clear();
  }

  private schedule(entry: CronEntry, after: number): void {
    this.wait(entry, nextCronTime(entry.expr, new Date(after)).getTime());
  }

  private wait(entry: CronEntry, at: number): void {
    const timer = setTimeout(() => {
      // A hop of a long wait, or a timer that woke early: wait for the rest.
      if (this.now() < at) return this.wait(entry, at);
      // From now, not from `at`: after a sleep the missed times fire once, not one by one.
      this.schedule(entry, Math.max(at, this.now()));
      this.fire(entry);
    }, Math.min(Math.max(at - this.now(), 0), MAX_DELAY_MS));
    timer.unref();
    this.armed.set(entry.key, { at, timer });
  }
}
