import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export interface DayFile {
  day: string;
  path: string;
  bytes: number;
}

/** The folder's yyyy-mm-dd.jsonl files, oldest first. */
export function dayFiles(dir: string): DayFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files: DayFile[] = [];
  for (const name of names) {
    const day = DAY_FILE.exec(name)?.[1];
    if (!day) continue;
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile()) files.push({ day, path, bytes: stat.size });
  }
  return files.sort((a, b) => a.day.localeCompare(b.day));
}

/** The UTC day `days` before `day` (yyyy-mm-dd). */
export function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Deletes files older than `maxDays` (counting `today` as the first day), then the oldest of the
 * rest while the folder holds more than `maxBytes`; `today`'s file is never deleted. Returns the
 * files kept, oldest first. `written` gives sizes the disk may not show yet (writes in flight).
 */
export function enforceRetention(dir: string, today: string, maxDays: number, maxBytes: number, written: Record<string, number> = {}): DayFile[] {
  const oldestKept = dayBefore(today, maxDays - 1);
  const kept: DayFile[] = [];
  for (const file of dayFiles(dir)) {
    if (file.day < oldestKept) rmSync(file.path, { force: true });
    else kept.push({ ...file, bytes: Math.max(file.bytes, written[file.day] ?? 0) });
  }
  let total = kept.reduce((sum, f) => sum + f.bytes, 0);
  while (total > maxBytes && kept.length > 0 && kept[0]!.day !== today) {
    const oldest = kept.shift()!;
    rmSync(oldest.path, { force: true });
    total -= oldest.bytes;
  }
  return kept;
}
