import { invalid } from '../errors';
import { PyFloat } from './py-yaml';

/** `${expr}` not preceded by a backslash, as dvc/parsing/interpolate.py matches it. */
const KEYCRE = /(?<!\\)\$\{(.*?)\}/g;

export type Context = Record<string, unknown>;

/** Python's str() of a number (DVC renders interpolated values with it). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 16) {
    const [mantissa, e] = n.toExponential().split('e') as [string, string];
    const power = Number(e);
    return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  }
  return String(n);
}

/** DVC's to_str: booleans as true/false, a dict (in `cmd`) as `--key value` arguments. */
export function toStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pyNumber(value);
  if (value instanceof PyFloat) return value.toString();
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'object' && !Array.isArray(value)) return dictAsArgs(value as Record<string, unknown>);
  return String(value);
}

function dictAsArgs(dict: Record<string, unknown>): string {
  let out = '';
  for (const [k, v] of Object.entries(flatten(dict))) {
    if (typeof v === 'boolean') out += v ? `--${k} ` : '';
    else if (typeof v === 'string') out += `--${k} ${shellQuote(v)} `;
    else if (Array.isArray(v)) {
      v.forEach((item, n) => {
        if (typeof item === 'object' && item !== null) throw invalid(`Cannot interpolate nested iterable in '${k}'`);
        const text = typeof item === 'string' ? shellQuote(item) : toStr(item);
        out += n > 0 ? `${text} ` : `--${k} ${text} `;
      });
    } else out += `--${k} ${toStr(v)} `;
  }
  return out.trimEnd();
}

function flatten(dict: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(dict)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

/** Python's shlex.quote. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  return /[^\w@%+=:,./-]/.test(s) ? `'${s.replace(/'/g, `'"'"'`)}'` : s;
}

/** The value `expr` (`a.b`, `a[0]`, `a.0`) names in the context. */
export function select(context: Context, expr: string): unknown {
  const trimmed = expr.trim();
  if (trimmed === '' || /[[\]]/.test(trimmed.replace(/\[[^[\]]+\]/g, ''))) throw invalid(`'\${${expr}}' is not a valid expression`);
  const parts = trimmed.replace(/\[/g, '.').replace(/\]/g, '').split('.');
  let value: unknown = context;
  for (const part of parts) {
    if (Array.isArray(value) && /^\d+$/.test(part) && Number(part) < value.length) value = value[Number(part)];
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, part)) value = (value as Context)[part];
    else throw invalid(`Could not find '${trimmed}'`);
  }
  return value;
}

export function isInterpolated(value: unknown): boolean {
  return typeof value === 'string' && new RegExp(KEYCRE.source).test(value);
}

/**
 * Every `${…}` in `data` replaced from the context: a string that is one whole `${…}` takes the
 * value's type, others get its text. `key` is the stage key being resolved (a dict may go into `cmd` only).
 */
export function interpolate(data: unknown, context: Context, key?: string): unknown {
  if (Array.isArray(data)) return data.map((item) => interpolate(item, context, key));
  if (data !== null && typeof data === 'object') {
    const out: Context = {};
    for (const [k, v] of Object.entries(data)) out[interpolate(k, context, key) as string] = interpolate(v, context, key ?? k);
    return out;
  }
  if (typeof data !== 'string') return data;
  const matches = [...data.matchAll(KEYCRE)];
  if (matches.length === 0) return data.replace(/\\\$\{/g, '${');
  if (matches.length === 1 && matches[0]![0] === data) return select(context, matches[0]![1]!);
  let out = '';
  let index = 0;
  for (const match of matches) {
    const value = select(context, match[1]!);
    const composite = value !== null && typeof value === 'object' && !(value instanceof PyFloat);
    if (composite && !(key === 'cmd' && !Array.isArray(value))) throw invalid(`Cannot interpolate data of type '${Array.isArray(value) ? 'list' : 'dict'}' in '${data}'`);
    out += data.slice(index, match.index) + toStr(value);
    index = match.index! + match[0].length;
  }
  return (out + data.slice(index)).replace(/\\\$\{/g, '${');
}
