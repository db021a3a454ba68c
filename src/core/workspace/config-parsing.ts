import type { Path } from './config-document';

export type { Path } from './config-document';
export type Raw = Record<string, unknown>;
/** Records a problem about the value at `path`, or (target 'key') about its key. */
export type Report = (path: Path, message: string, target?: 'value' | 'key') => void;

export const isMapping = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Complains about keys of a mapping outside `known`; `where` names the mapping in the message. */
export function unknownKeys(raw: Raw, known: readonly string[], path: Path, where: string, report: Report): void {
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    report([...path, key], `unknown ${where} setting "${key}" (${known.join(', ')})${near ? `; did you mean "${near}"?` : ''}`, 'key');
  }
}

/** The known key a typo most likely meant: at most two edits away (one for short keys). */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= (name.length <= 4 ? 1 : 2) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, replace, swap of neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return Infinity;
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

export function parseFlag(raw: unknown, fallback: boolean, path: Path, name: string, report: Report): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  report(path, `${name} must be true or false`);
  return fallback;
}

/** A non-empty string, or undefined (absent, or reported). */
export function parseText(raw: unknown, path: Path, message: string, report: Report): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  report(path, message);
  return undefined;
}
