/**
 * Five-field cron (minute hour day-of-month month day-of-week) in local time, as Vixie cron reads
 * it: lists, ranges, steps, month and weekday names, 7 for Sunday, and the @hourly … @yearly
 * shorthands. When both day fields are restricted a day matching either one matches.
 */

export interface ParsedCron {
  /** The expression as written, trimmed. */
  text: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  /** 1–12. */
  months: ReadonlySet<number>;
  /** 0–6, Sunday 0. */
  daysOfWeek: ReadonlySet<number>;
  /** The field does not start with `*` (Vixie's rule: `*\/2` counts as unrestricted). */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Days in each month of a leap year: a day-of-month that fits none of the chosen months never comes. */
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Far enough for any satisfiable expression (Feb 29 on a given weekday recurs within 28 years). */
const SEARCH_YEARS = 30;

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

export function parseCron(expr: string): ParsedCron {
  const text = expr.trim();
  const expanded = text.startsWith('@') ? SHORTHANDS[text.toLowerCase()] : text;
  if (expanded === undefined) throw new CronError(`unknown shorthand "${text}"; use @hourly, @daily, @midnight, @weekly, @monthly or @yearly`);
  const parts = expanded.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) {
    throw new CronError(`"${text}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; cron needs 5: minute hour day-of-month month day-of-week (e.g. "*/15 * * * *")`);
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  const daysOfWeek = new Set([...sets[4]!].map((d) => d % 7));
  const cron: ParsedCron = {
    text,
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek,
    dayOfMonthRestricted: !parts[2]!.startsWith('*'),
    dayOfWeekRestricted: !parts[4]!.startsWith('*'),
  };
  const onlyDayOfMonth = cron.dayOfMonthRestricted && !cron.dayOfWeekRestricted;
  if (onlyDayOfMonth && ![...cron.months].some((m) => [...cron.daysOfMonth].some((d) => d <= LONGEST_MONTH[m - 1]!))) {
    throw new CronError(`"${text}" never runs: no chosen month has day ${[...cron.daysOfMonth].join(',')}`);
  }
  return cron;
}

function parseField(part: string, field: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const wrong = (why: string): CronError => new CronError(`${field.name} field "${part}": ${why}`);
    if (item === '') throw wrong('an empty item in the list (two commas in a row?)');
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) throw wrong(`"${item}" has more than one /`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw wrong(`the step in "${item}" must be a positive whole number`);
      step = Number(stepText);
    }
    let [from, to] = [field.min, field.max];
    if (range === '*') {
      if (field.name === 'day-of-week') to = 6;
    } else {
      const bounds = range!.split('-');
      if (bounds.length > 2) throw wrong(`"${range}" is not a value or a range like 1-5`);
      from = value(bounds[0]!, field, wrong);
      to = bounds.length === 2 ? value(bounds[1]!, field, wrong) : stepText !== undefined ? field.max : from;
      if (to < from) throw wrong(`the range "${range}" runs backwards`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: FieldSpec, wrong: (why: string) => CronError): number {
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const v = index >= 0 ? index + (field.name === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(v)) {
    throw wrong(`"${text}" is not a number${field.names ? ` or a name (${field.names.join(', ')})` : ''}`);
  }
  if (v < field.min || v > field.max) throw wrong(`${v} is out of range ${field.min}-${field.max}`);
  return v;
}

function dayMatches(cron: ParsedCron, date: Date): boolean {
  const byMonth = cron.daysOfMonth.has(date.getDate());
  const byWeek = cron.daysOfWeek.has(date.getDay());
  if (cron.dayOfMonthRestricted && cron.dayOfWeekRestricted) return byMonth || byWeek;
  return byMonth && byWeek;
}

/** The first minute strictly after `after` the expression matches, in local time. */
export function nextCronTime(expr: string | ParsedCron, after: Date): Date {
  const cron = typeof expr === 'string' ? parseCron(expr) : expr;
  const t = new Date(after.getTime());
  t.setSeconds(0, 0);
  t.setTime(t.getTime() + 60_000);
  const limit = after.getFullYear() + SEARCH_YEARS;
  while (t.getFullYear() <= limit) {
    if (!cron.months.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
    } else if (!cron.hours.has(t.getHours())) {
      advance(t, () => t.setHours(t.getHours() + 1, 0, 0, 0), 3_600_000);
    } else if (!cron.minutes.has(t.getMinutes())) {
      t.setTime(t.getTime() + 60_000);
    } else return t;
  }
  throw new CronError(`"${cron.text}" has no time within ${SEARCH_YEARS} years after ${after.toISOString()}`);
}

/** Applies a local-time step, falling back to an absolute one where a daylight-saving change would make it go nowhere. */
function advance(t: Date, step: () => void, fallbackMs: number): void {
  const before = t.getTime();
  step();
  if (t.getTime() <= before) t.setTime(before + fallbackMs);
}
