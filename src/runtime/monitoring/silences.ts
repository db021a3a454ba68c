import type { SqlDriver } from '../../core/store';

/**
 * Silences of monitors (table monitor_silences, one row per monitor). A silence ends at `until`;
 * an alert fired before the end of its monitor's latest silence counts as silenced, so silencing
 * also acknowledges what already fired, and ending a silence early moves its end to now.
 */
export class MonitorSilences {
  constructor(private readonly db: SqlDriver) {}

  /** The end of the monitor's latest silence (epoch ms, past or future); undefined when it never was silenced. */
  until(monitor: string): number | undefined {
    return this.db.get<{ until: number }>('SELECT until FROM monitor_silences WHERE monitor = ?', [monitor])?.until;
  }

  set(monitor: string, until: number): void {
    this.db.run('INSERT INTO monitor_silences (monitor, until) VALUES (?, ?) ON CONFLICT(monitor) DO UPDATE SET until = excluded.until', [monitor, until]);
  }
}

/** Whether something that happened at `time` falls in a silence ending at `until`. */
export const isSilenced = (until: number | undefined, time: number): boolean => until !== undefined && time < until;
