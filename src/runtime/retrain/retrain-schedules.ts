import { CronTimers } from '../schedules/cron-timers';

export interface RetrainSchedule {
  monitor: string;
  /** Cron, as mlops.yaml gives it. */
  expr: string;
}

/** One timer per monitor with a retrain schedule, firing at each time its cron names. */
export class RetrainSchedules {
  private readonly timers: CronTimers;

  constructor(now: () => number, fire: (schedule: RetrainSchedule) => void) {
    this.timers = new CronTimers(now, ({ key, expr }) => fire({ monitor: key, expr }));
  }

  /** Replaces every timer with one per schedule, each at its next time from now. */
  arm(schedules: readonly RetrainSchedule[]): void {
    this.timers.arm(schedules.map((s) => ({ key: s.monitor, expr: s.expr })));
  }

  /** When the monitor's schedule fires next (epoch ms), if it has one. */
  nextAt(monitor: string): number | undefined {
    return this.timers.nextAt(monitor);
  }

  clear(): void {
    this.timers.clear();
  }
}
