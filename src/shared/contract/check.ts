import { shown } from '../shown';

/** Where a value arrived: a JSON body keeps its types; a query string or path segment is text. */
export type Carrier = 'json' | 'text';

/** A value that does not match its declaration; the runtime answers it with INVALID_PARAMETER_VALUE. */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractError';
  }
}

/**
 * A runtime shape check: `parse` returns the value as `T` or throws a ContractError. `In` is what a
 * caller may send (a path segment may be given as a number, it arrives as text).
 */
export interface Check<T, In = T> {
  parse(value: unknown, name: string, carrier: Carrier): T;
  /** Phantom: the caller's side of the type. */
  readonly input?: In;
  readonly optional?: boolean;
  /** The handler reports a missing value itself (with its own message). */
  readonly absentOk?: boolean;
}

export interface Optional<T, In> extends Check<T | undefined, In | undefined> {
  readonly optional: true;
}

export type Out<C> = C extends Check<infer T, unknown> ? T : never;
export type In<C> = C extends Check<unknown, infer I> ? I : never;

type Shape = Record<string, Check<unknown, unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Flat<T> = { [K in keyof T]: T[K] };
export type ShapeOut<S extends Shape> = Flat<{ [K in RequiredKeys<S>]: Out<S[K]> } & { [K in OptionalKeys<S>]?: Out<S[K]> }>;
export type ShapeIn<S extends Shape> = Flat<{ [K in RequiredKeys<S>]: In<S[K]> } & { [K in OptionalKeys<S>]?: In<S[K]> }>;

export interface ObjectCheck<S extends Shape> extends Check<ShapeOut<S>, ShapeIn<S>> {
  readonly shape: S;
}

function wrong(name: string, expected: string, value: unknown): ContractError {
  return new ContractError(`Parameter '${name}' must be ${expected}, got ${shown(value)}.`);
}

function check<T, I = T>(parse: (value: unknown, name: string, carrier: Carrier) => T): Check<T, I> {
  return { parse };
}

/** A string; `nonEmpty` refuses ''. */
export function str(options: { nonEmpty?: boolean } = {}): Check<string> {
  return check((value, name) => {
    if (typeof value !== 'string' || (options.nonEmpty && value === '')) throw wrong(name, options.nonEmpty ? 'a non-empty string' : 'a string', value);
    return value;
  });
}

/** A path segment or an id that may be given as a number: text on arrival. */
export const segment: Check<string, string | number> = check((value, name) => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw wrong(name, 'a string', value);
  return value;
});

/** A finite number, at least `min`; `message` replaces the default message (before ", got …"). */
export function num(options: { min?: number; message?: string } = {}): Check<number> {
  const parse = (value: unknown, name: string, carrier: Carrier): number => {
    const n = carrier === 'text' && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || (options.min !== undefined && n < options.min)) {
      if (options.message) throw new ContractError(`${options.message}, got ${shown(value)}.`);
      throw wrong(name, options.min === undefined ? 'a number' : `a number ≥ ${options.min}`, value);
    }
    return n;
  };
  // A custom message covers a missing value too.
  return { parse, absentOk: options.message !== undefined };
}

/** A whole number from `min` to `max`. */
export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return check((value, name, carrier) => {
    const n = carrier === 'text' && typeof value === 'string' && value !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      const raw = typeof value === 'string' ? `"${value}"` : shown(value);
      throw new ContractError(`${name} must be a whole number from ${min} to ${max}, got ${raw}.`);
    }
    return n;
  });
}

/** true or false ('true'/'false' in a query). */
export const bool: Check<boolean> = check((value, name, carrier) => {
  if (typeof value === 'boolean') return value;
  if (carrier === 'text' && (value === 'true' || value === 'false')) return value === 'true';
  throw wrong(name, 'true or false', value);
});

/** One of the listed strings. */
export function oneOf<const V extends string>(...values: V[]): Check<V> {
  return check((value, name) => {
    if (typeof value !== 'string' || !(values as string[]).includes(value)) throw wrong(name, `one of ${values.join(', ')}`, value);
    return value as V;
  });
}

/** A string or a number, kept as given (a version given either way). */
export const strOrNum: Check<string | number> = check((value, name) => {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw wrong(name, 'a string or a number', value);
});

/** An absent (undefined, null or, in a query, '') value is undefined; anything else must pass `inner`. */
export function optional<T, I>(inner: Check<T, I>): Optional<T, I> {
  return {
    optional: true,
    parse: (value, name, carrier) => (value === undefined || value === null || (carrier === 'text' && value === '') ? undefined : inner.parse(value, name, carrier)),
  };
}

/** A list of `inner` (a query's repeated key, or one value, is a list too). */
export function arrayOf<T, I>(inner: Check<T, I>): Check<T[], I[]> {
  return check((value, name, carrier) => {
    const list = carrier === 'text' && !Array.isArray(value) ? [value] : value;
    if (!Array.isArray(list)) throw wrong(name, 'a list', value);
    return list.map((item, i) => inner.parse(item, `${name}[${i}]`, carrier));
  });
}

/** An object with these fields; other fields pass through untouched (MLflow clients send extras). */
export function object<S extends Shape>(shape: S): ObjectCheck<S> {
  return {
    shape,
    parse(value, name, carrier) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrong(name, 'a JSON object', value);
      const source = value as Record<string, unknown>;
      const result: Record<string, unknown> = { ...source };
      for (const [key, field] of Object.entries(shape)) {
        if (source[key] === undefined && !field.optional && !field.absentOk) throw new ContractError(`Missing value for required parameter '${key}'.`);
        const parsed = field.parse(source[key], key, carrier);
        if (parsed === undefined) delete result[key];
        else result[key] = parsed;
      }
      return result as ShapeOut<S>;
    },
  };
}

/**
 * Not checked here: the handler parses it by its own rules (MLflow's routes parse as MLflow does,
 * with MLflow's messages). The type still binds the callers.
 */
export function unchecked<T>(): Check<T> {
  return { parse: (value) => value as T, absentOk: true };
}

/** What a route answers: a phantom, only its type matters. */
export function returns<T>(): Phantom<T> {
  return undefined as unknown as Phantom<T>;
}

export interface Phantom<T> {
  readonly __result?: T;
}
