import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateTemp } from '../../core/workspace';
import type { ScheduleFiring } from '../../shared/schedules';

/** The last firing of each schedule, kept in .mlops/schedules.json so a restarted runtime still lists it. */
export class LastRuns {
  private readonly file: string;
  private readonly runs: Map<string, ScheduleFiring>;

  constructor(mlopsDir: string, private readonly warn: (line: string) => void) {
    this.file = join(mlopsDir, 'schedules.json');
    this.runs = new Map(Object.entries(this.read()));
  }

  get(name: string): ScheduleFiring | undefined {
    return this.runs.get(name);
  }

  set(name: string, firing: ScheduleFiring): void {
    this.runs.set(name, firing);
    try {
      renameSync(writePrivateTemp(this.file, `${JSON.stringify(Object.fromEntries(this.runs), null, 2)}\n`), this.file);
    } catch (error) {
      this.warn(`cannot write ${this.file}: ${(error as Error).message}`);
    }
  }

  private read(): Record<string, ScheduleFiring> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, ScheduleFiring>;
    } catch {
      // Reported below: the file is replaced at the next firing.
    }
    this.warn(`${this.file} is not a JSON object of last runs; starting without them`);
    return {};
  }
}
