import { nextCronTime } from '../../core/monitoring';

/** setTimeout's longest delay (about 24.8 days); a later time is reached in hops. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface RetrainSchedule {
  monitor: string;
  /** Cron, as mlops.yaml gives it. */
  expr: string;
}

interface Armed {
  expr: string;
  at: number;
  timer: NodeJS.Timeout;
}

/** One timer per monitor with a retrain schedule, firing at each time its cron names. */
export class RetrainSchedules {
  private readonly armed = new Map<string, Armed>();

  constructor(
    private readonly now: () => number,
    private readonly fire: (schedule: RetrainSchedule) => void,
  ) {}

  /** Replaces every timer with one per schedule, each at its next time from now. */
  arm(schedules: readonly RetrainSchedule[]): void {
    this.clear();
    for (const schedule of schedules) this.schedule(schedule, this.now());
  }

  /** When the monitor's schedule fires next (epoch ms), if it has one. */
  nextAt(monitor: string): number | undefined {
    return this.armed.get(monitor)?.at;
  }

  clear(): void {
    for (const { timer } of this.armed.values()) clearTimeout(timer);
    this.armed.clear();
  }

  private schedule(schedule: RetrainSchedule, after: number): void {
    const at = nextCronTime(schedule.expr, new Date(after)).getTime();
    this.wait(schedule, at);
  }

  private wait(schedule: RetrainSchedule, at: number): void {
    const timer = setTimeout(() => {
      // A hop of a long wait, or a timer that woke early: wait for the rest.
      if (this.now() < at) return this.wait(schedule, at);
      // From now, not from `at`: after a sleep the missed times fire once, not one by one.
      this.schedule(schedule, Math.max(at, this.now()));
      this.fire(schedule);
    }, Math.min(Math.max(at - this.now(), 0), MAX_DELAY_MS));
    timer.unref();
    this.armed.set(schedule.monitor, { expr: schedule.expr, at, timer });
  }
}
