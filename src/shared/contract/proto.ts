import { shown } from '../shown';
import type { Check, Optional } from './check';
import { ContractError } from './check';
import type { KeyValue, ViewType } from './mlflow-tracking';

/**
 * MLflow's proto field types as checks: a field is proto2 `optional` unless wrapped in `required`.
 * They read values as MLflow's server reads its JSON (an int64 may come as text, a repeated field
 * given once is a list of one) and refuse them in its words.
 */

/**
 * A field of the wrong JSON type. The message is the registry's (lenient) wording; on MLflow's
 * tracking routes the runtime words it as MLflow's server does (routes/mlflow/param-types.ts).
 */
export class WrongType extends ContractError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Invalid value ${shown(value)} for parameter '${field}' supplied: it must be ${expected}.`);
  }
}

export const SEE_DOCS = 'See the API docs for more information about request parameters.';

export function missingField(name: string): ContractError {
  return new ContractError(`Missing value for required parameter '${name}'. ${SEE_DOCS}`);
}

function field<T, I>(parse: (value: unknown, name: string, json: boolean) => T | undefined): Optional<T, I> {
  return {
    optional: true,
    parse: (value, name, carrier) => (value === undefined || value === null ? undefined : parse(value, name, carrier === 'json')),
  };
}

/** `numbers`: a JSON number is read as its text (experiment ids, which clients before MLflow 0.9.1 sent as numbers). */
function text(value: unknown, name: string, json: boolean, numbers: boolean, whole: unknown = value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && (numbers || !json)) return String(value);
  throw new WrongType(name, whole, 'a string');
}

/** proto `string`. */
export const string: Optional<string, string> = field((value, name, json) => text(value, name, json, false));

/** proto `string` that may arrive as a number: an experiment id, a version, or a field of the (lenient) registry. */
export const id: Optional<string, string | number> = field((value, name, json) => text(value, name, json, true));

/** proto `int64`/`int32`: a number or its text; '' is absent. */
export const int64: Optional<number, number | string> = field((value, name) => {
  if (value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new WrongType(name, value, 'an integer');
  return n;
});

/** proto `bool`: true or false, also as text; absent is false. */
export const bool: Optional<boolean, boolean> = field((value, name) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new WrongType(name, value, 'true or false');
});

/** proto `repeated string`; `numbers` as for `id`. */
export function strings(options: { numbers?: boolean } = {}): Optional<string[], (string | number)[]> {
  return field((value, name, json) => (Array.isArray(value) ? value : [value]).map((item) => text(item, name, json, options.numbers ?? false, value)));
}

/** A repeated message, its entries read by the area that owns them (with MLflow's messages). */
export function messages<T>(): Optional<T[], T[]> {
  return field((value, name) => {
    if (!Array.isArray(value)) throw new WrongType(name, value, 'a list');
    return value as T[];
  });
}

/** `repeated` tags or params: key and value strings. */
export const keyValues: Optional<KeyValue[], KeyValue[]> = field((value, name) => {
  if (!Array.isArray(value)) throw new WrongType(name, value, 'a list');
  return value.map((entry: unknown) => {
    const { key, value: v } = (entry ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof v !== 'string') throw new ContractError(`Invalid ${name} entry ${shown(entry)}: key and value must be strings.`);
    return { key, value: v };
  });
});

const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];
const VIEW_NUMBERS: Record<string, ViewType> = { '1': 'ACTIVE_ONLY', '2': 'DELETED_ONLY', '3': 'ALL' };

/** proto enum ViewType, by name (any case) or number. */
export const viewType: Optional<ViewType, ViewType> = field((value, name, json) => {
  const given = text(value, name, json, false);
  const type = VIEW_NUMBERS[given] ?? (given.toUpperCase() as ViewType);
  if (!VIEW_TYPES.includes(type)) throw new ContractError(`Invalid value ${shown(given)} for parameter '${name}': use ACTIVE_ONLY, DELETED_ONLY or ALL.`);
  return type;
});

/** A value the owning area parses by MLflow's rules (a double that may be "NaN", an int64 timestamp). */
export function parsedBy<T>(): Optional<T, T> {
  return field((value) => value as T);
}

/** `[(validate_required) = true]`: absent, null or '' is MLflow's "Missing value" error. */
export function required<T, I>(inner: Optional<T, I>): Check<T, I> {
  return {
    absentOk: true,
    parse(value, name, carrier) {
      const parsed = value === '' ? undefined : inner.parse(value, name, carrier);
      if (parsed === undefined || parsed === '') throw missingField(name);
      return parsed;
    },
  };
}

/** Required of our callers; a missing value is reported by the area that reads it, in its words. */
export function due<T, I>(inner: Optional<T, I>): Check<T | undefined, I> {
  return { absentOk: true, parse: (value, name, carrier) => inner.parse(value, name, carrier) };
}

/** A run's id, which older clients send as `run_uuid`: our callers must give it; the handler takes either. */
export const runId = due(string);

/** A proto enum by name; the owning area checks the name (with MLflow's message). */
export function enumName<T extends string>(): Optional<T, T> {
  return string as Optional<T, T>;
}
