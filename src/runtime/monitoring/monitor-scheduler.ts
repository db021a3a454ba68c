import { nextCronTime } from '../../core/monitoring';

/** setTimeout's longest delay (2^31 − 1 ms, about 24.8 days); longer waits are taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Entry {
  cron: string;
  /** When the armed timer fires; undefined while its run is under way. */
  at?: number;
  timer?: NodeJS.Timeout;
}

/**
 * Runs each scheduled monitor at its cron times. A timer is armed for the next time only once the
 * run it started has finished, so a run longer than the interval skips the slots it overran.
 */
export class MonitorScheduler {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly fire: (name: string) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes the schedules these: removed and changed ones are dropped, new and changed ones armed, unchanged ones left alone. */
  set(schedules: ReadonlyMap<string, string>): void {
    for (const [name, entry] of this.entries) {
      if (schedules.get(name) !== entry.cron) this.drop(name);
    }
    for (const [name, cron] of schedules) {
      if (this.entries.has(name)) continue;
      const entry: Entry = { cron };
      this.entries.set(name, entry);
      this.arm(name, entry, this.now());
    }
  }

  nextRunAt(name: string): number | undefined {
    return this.entries.get(name)?.at;
  }

  close(): void {
    for (const name of [...this.entries.keys()]) this.drop(name);
  }

  private drop(name: string): void {
    clearTimeout(this.entries.get(name)?.timer);
    this.entries.delete(name);
  }

  private arm(name: string, entry: Entry, after: number): void {
    entry.at = nextCronTime(entry.cron, new Date(after)).getTime();
    this.wait(name, entry);
  }

  private wait(name: string, entry: Entry): void {
    const delay = entry.at! - this.now();
    entry.timer = setTimeout(() => {
      if (this.entries.get(name) !== entry) return;
      // Woken early: a wait longer than setTimeout allows, or the clock was set back.
      if (this.now() < entry.at! - 1000) return this.wait(name, entry);
      const slot = entry.at!;
      entry.at = undefined;
      entry.timer = undefined;
      void this.fire(name)
        .catch(() => undefined)
        .finally(() => {
          if (this.entries.get(name) === entry) this.arm(name, entry, Math.max(slot, this.now()));
        });
    }, Math.max(0, Math.min(delay, MAX_TIMEOUT_MS)));
    entry.timer.unref();
  }
}
