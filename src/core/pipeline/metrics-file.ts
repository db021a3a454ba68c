import { existsSync } from 'node:fs';
import { PyFloat } from './py-yaml';
import { readParamsFile } from './params-file';

/**
 * The numbers of a `metrics:` file (JSON or YAML) under DVC's flattened keys: nested objects joined
 * with `.` (`{"avg": {"train": 0.9}}` → `avg.train`); lists, strings and booleans are not metrics.
 * A missing or unreadable file gives none.
 */
export function readMetricsFile(abs: string, rel: string): { key: string; value: number }[] {
  if (!existsSync(abs)) return [];
  let data: Record<string, unknown>;
  try {
    data = readParamsFile(abs, rel);
  } catch {
    return [];
  }
  return flattenNumbers(data);
}

/** Params and metrics as DVC flattens them: `a.b.c` for nested objects, the leaves as they are. */
export function flatten(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child) && !(child instanceof PyFloat)) out.push(...flatten(child as Record<string, unknown>, name));
    else out.push([name, child]);
  }
  return out;
}

function flattenNumbers(data: Record<string, unknown>): { key: string; value: number }[] {
  const out: { key: string; value: number }[] = [];
  for (const [key, raw] of flatten(data)) {
    const value = raw instanceof PyFloat ? raw.value : raw;
    if (typeof value === 'number') out.push({ key, value });
  }
  return out;
}
