// What a cell of a monitored column may hold, and how it reads as missing, number or category.

export type Value = string | number | boolean | null | undefined;

export type ColumnType = 'numeric' | 'categorical';

/** Strings that stand for a missing or non-finite value (compared trimmed, case-insensitively). */
const MISSING_STRINGS = new Set(['', 'nan', 'null', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** null, undefined, NaN, ±Infinity, and the strings that spell them (or are blank). */
export function isMissing(value: Value): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value === 'string') return !startsWithWordLetter(value, true) && MISSING_STRINGS.has(value.trim().toLowerCase());
  return false;
}

/**
 * Whether a string starts with an ASCII letter, so it is no number; with `orMissing`, one no
 * missing-value spelling starts with either (they start with n or i). Spares text the trimming,
 * lower-casing and pattern matching that most category values would otherwise go through.
 */
function startsWithWordLetter(text: string, orMissing = false): boolean {
  const lower = text.charCodeAt(0) | 0x20;
  return lower >= 0x61 && lower <= 0x7a && !(orMissing && (lower === 0x6e || lower === 0x69));
}

/** The finite number a value holds (a number, or a decimal numeric string), else undefined. */
export function numberOf(value: Value): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || startsWithWordLetter(value)) return undefined;
  const trimmed = value.trim();
  if (!DECIMAL_NUMBER.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : undefined;
}

/** The category a non-missing value falls in: its text (numbers in JavaScript's shortest form). */
export function categoryOf(value: Exclude<Value, null | undefined>): string {
  return typeof value === 'string' ? value : String(value);
}
