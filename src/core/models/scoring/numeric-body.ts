import type { BodyBytes } from './body-bytes';
import { bodyLength } from './body-bytes';

/** A JSON body of numbers only, read straight into float32: a dataframe_split (columns named) or a 2-D `inputs`/`instances` tensor. */
export interface NumericRows {
  format: 'dataframe_split' | 'inputs' | 'instances';
  /** dataframe_split's column names; null for a tensor. */
  columns: string[] | null;
  rows: number;
  width: number;
  /** Row-major, rows × width. */
  data: Float32Array;
}

/** Which bodies the model can take this way (a float32 table input for frames, one float32 input for tensors). */
export interface NumericTargets {
  frame: boolean;
  tensor: boolean;
}

/** Bodies past this size are not joined into one buffer for the scanner (the sliced path reads them). */
const MAX_JOINED_BYTES = 1024 * 1024;

/**
 * Reads the common all-numbers body without JSON.parse and without an object per row:
 * {"dataframe_split": {"columns": ["a", …], "data": [[1, 2.5, …], …]}} (keys in either order) and
 * {"inputs"|"instances": [[1, 2.5, …], …]}. Anything else — other keys, strings, null, NaN, escapes
 * in names, ragged rows, a row count other than `rows` (the row scanner's) — is undefined: the
 * general path reads it, with the same results and errors. Numbers are the doubles JSON.parse
 * gives, rounded to float32 as a Float32Array stores them.
 */
export function parseNumericBody(body: BodyBytes, rows: number, targets: NumericTargets): NumericRows | undefined {
  if (rows <= 0 || (!targets.frame && !targets.tensor)) return undefined;
  let bytes: Buffer;
  if (Buffer.isBuffer(body)) bytes = body;
  else if (bodyLength(body) > MAX_JOINED_BYTES) return undefined;
  else bytes = Buffer.concat(body as Buffer[]);
  return new NumericScanner(bytes, rows).body(targets);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** Exact powers of ten as doubles: up to 1e22 (Clinger's fast path). */
const POWERS = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Significant digits whose integer is exact in a double (< 2^53). */
const EXACT_DIGITS = 15;

/** Thrown inside the scanner when the body is not the simple shape: caught once, answered with undefined. */
const NOT_SIMPLE = Symbol('not simple');

class NumericScanner {
  private i = 0;

  constructor(
    private readonly b: Buffer,
    private readonly rows: number,
  ) {}

  body(targets: NumericTargets): NumericRows | undefined {
    try {
      this.expect(OPEN_BRACE);
      const key = this.key();
      let result: NumericRows;
      if (key === 'dataframe_split' && targets.frame) result = this.split();
      else if ((key === 'inputs' || key === 'instances') && targets.tensor) result = { format: key, columns: null, ...this.matrix(-1) };
      else return undefined;
      this.expect(CLOSE_BRACE);
      this.skipBlanks();
      return this.i === this.b.length ? result : undefined;
    } catch (error) {
      if (error === NOT_SIMPLE) return undefined;
      throw error;
    }
  }

  /** {"columns": [...], "data": [[...]]}, in either order. */
  private split(): NumericRows {
    this.expect(OPEN_BRACE);
    let columns: string[] | undefined;
    let matrix: { rows: number; width: number; data: Float32Array } | undefined;
    for (let field = 0; field < 2; field++) {
      if (field === 1) this.expect(COMMA);
      const key = this.key();
      if (key === 'columns' && !columns) columns = this.names();
      else if (key === 'data' && !matrix) matrix = this.matrix(columns ? columns.length : -1);
      else throw NOT_SIMPLE;
    }
    this.expect(CLOSE_BRACE);
    if (!columns || !matrix || matrix.width !== columns.length) throw NOT_SIMPLE;
    return { format: 'dataframe_split', columns, ...matrix };
  }

  /** A non-empty list of plain strings (no escapes). */
  private names(): string[] {
    this.expect(OPEN_BRACKET);
    const names: string[] = [];
    do names.push(this.string());
    while (this.next() === COMMA);
    if (this.b[this.i - 1] !== CLOSE_BRACKET) throw NOT_SIMPLE;
    return names;
  }

  /** [[n, …], …]: `rows` rows of one width (`width`, or the first row's when -1). */
  private matrix(width: number): { rows: number; width: number; data: Float32Array } {
    this.expect(OPEN_BRACKET);
    let data: Float32Array | undefined;
    let at = 0;
    let row = 0;
    do {
      if (row === this.rows) throw NOT_SIMPLE;
      this.expect(OPEN_BRACKET);
      const start = at;
      if (data) {
        do {
          if (at - start === width) throw NOT_SIMPLE;
          data[at++] = this.number();
        } while (this.next() === COMMA);
      } else {
        const first: number[] = [];
        do first.push(this.number());
        while (this.next() === COMMA);
        if (width >= 0 && first.length !== width) throw NOT_SIMPLE;
        width = first.length;
        data = new Float32Array(this.rows * width);
        data.set(first);
        at = width;
      }
      if (this.b[this.i - 1] !== CLOSE_BRACKET || at - start !== width) throw NOT_SIMPLE;
      row++;
    } while (this.next() === COMMA);
    if (this.b[this.i - 1] !== CLOSE_BRACKET || row !== this.rows || !data) throw NOT_SIMPLE;
    return { rows: row, width, data };
  }

  /** "key" : */
  private key(): string {
    const key = this.string();
    this.expect(COLON);
    return key;
  }

  private string(): string {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.i;
    let i = start;
    while (i < b.length && b[i] !== QUOTE) {
      if (b[i] === BACKSLASH || b[i]! < 0x20) throw NOT_SIMPLE;
      i++;
    }
    if (i >= b.length) throw NOT_SIMPLE;
    this.i = i + 1;
    return b.toString('utf8', start, i);
  }

  private number(): number {
    const value = readNumber(this.b, skipBlanks(this.b, this.i));
    this.i = numberEnd;
    return value;
  }

  /** The next byte that is not a blank, consumed. */
  private next(): number {
    this.skipBlanks();
    return this.b[this.i++] ?? -1;
  }

  private expect(byte: number): void {
    if (this.next() !== byte) throw NOT_SIMPLE;
  }

  private skipBlanks(): void {
    this.i = skipBlanks(this.b, this.i);
  }
}

function skipBlanks(b: Buffer, i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return i;
}

/** Where the last readNumber stopped (a module variable rather than an object per number). */
let numberEnd = 0;

/**
 * The JSON number at `start` as JSON.parse reads it: exact by integer arithmetic when its digits
 * fit a double and its power of ten is at most 22 (one correctly rounded operation), else by
 * Number() over its text. Throws NOT_SIMPLE where no JSON number starts.
 */
function readNumber(b: Buffer, start: number): number {
  let i = start;
  const negative = b[i] === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = b[i]!;
  if (c === ZERO) c = b[++i]!;
  else if (c > ZERO && c <= NINE) {
    do {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      c = b[++i]!;
    } while (c >= ZERO && c <= NINE);
  } else throw NOT_SIMPLE;
  if (c === DOT) {
    c = b[++i]!;
    if (!(c >= ZERO && c <= NINE)) throw NOT_SIMPLE;
    do {
      mantissa = mantissa * 10 + (c - ZERO);
      if (mantissa !== 0) digits++;
      scale--;
      c = b[++i]!;
    } while (c >= ZERO && c <= NINE);
  }
  let exponent = 0;
  if (c === 0x65 || c === 0x45) {
    c = b[++i]!;
    const negativeExponent = c === MINUS;
    if (c === MINUS || c === PLUS) c = b[++i]!;
    if (!(c >= ZERO && c <= NINE)) throw NOT_SIMPLE;
    do {
      if (exponent < 10_000) exponent = exponent * 10 + (c - ZERO);
      c = b[++i]!;
    } while (c >= ZERO && c <= NINE);
    if (negativeExponent) exponent = -exponent;
  }
  numberEnd = i;
  const power = scale + exponent;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (digits > EXACT_DIGITS || power > 22 || power < -22) return Number(b.toString('latin1', start, i));
  else value = power >= 0 ? mantissa * POWERS[power]! : mantissa / POWERS[-power]!;
  return negative ? -value : value;
}
