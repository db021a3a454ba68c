import type { BodyBytes } from './body-bytes';
import { bodyChunks } from './body-bytes';
import type { ScoringError } from './scoring-error';
import { badRequest } from './scoring-error';

/** How deep a JSON body may nest; deeper bodies are refused before they are parsed. */
export const MAX_JSON_DEPTH = 400;
/**
 * A slice of a large request holds at most this many rows, or about this many bytes: small enough
 * that its text, its parsed rows and its answer die young (V8 puts strings over 128 KiB straight
 * into the old generation, which only a full collection frees) and that one slice's work is a
 * millisecond or two of the event loop.
 */
export const SLICE_ROWS = 512;
export const SLICE_BYTES = 32 * 1024;

/**
 * The rows of a body's row list, cut into slices that parse and score one at a time: `bounds` holds
 * [start, end) byte offsets per slice. JSON: each range is a comma-separated run of the list's
 * elements, and `path` names the list (its contents span listStart..listEnd). CSV: each range is a
 * run of lines, and the text before the first slice is the header.
 */
export type RowSlices = { kind: 'json'; path: string[]; listStart: number; listEnd: number; bounds: number[]; rows: number[] } | { kind: 'csv'; bounds: number[]; rows: number[] };

export interface RowLayout {
  /** Rows counted, up to the first past the limit. */
  rows: number;
  /** More rows than the limit: counting stopped there. */
  tooMany: boolean;
  /** A body refused by its shape alone (nested too deep). */
  error?: ScoringError;
  /** Present when the body has exactly one row list that can be scored slice by slice. */
  slices?: RowSlices;
}

/** Counts a body's rows as its bytes arrive, without parsing it. */
export interface RowScanner {
  push(chunk: Buffer): void;
  /** True once the body is refused (too many rows, too deep): the rest need not be kept. */
  readonly stopped: boolean;
  end(): RowLayout;
}

export function rowScanner(type: 'json' | 'csv', maxRows: number): RowScanner {
  return type === 'json' ? new JsonRowScanner(maxRows) : new CsvRowScanner(maxRows);
}

/** A whole body's layout. */
export function scanRows(body: BodyBytes, type: 'json' | 'csv', maxRows: number): RowLayout {
  const scanner = rowScanner(type, maxRows);
  for (const chunk of bodyChunks(body)) scanner.push(chunk);
  return scanner.end();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LF = 0x0a;
const CR = 0x0d;
const OBJECT = 1;
const ARRAY = 2;
/** Bytes a JSON number is made of. */
const NUMBER_BYTES = new Uint8Array(256);
for (const c of '0123456789.-+eE') NUMBER_BYTES[c.charCodeAt(0)] = 1;
/** Bytes of a run of numbers inside a row: the numbers, the commas between them, blanks. */
const ROW_BYTES = NUMBER_BYTES.slice();
for (const c of ', \n\r\t') ROW_BYTES[c.charCodeAt(0)] = 1;
const TOP_LISTS = new Set(['dataframe_records', 'instances', 'inputs']);

interface RowList {
  depth: number;
  sliceable: boolean;
  path: string[];
  rows: number;
  inElement: boolean;
  listStart: number;
  listEnd: number;
  bounds: number[];
  sliceRows: number[];
  sliceStart: number;
  lastComma: number;
}

/**
 * Follows the JSON structure byte by byte (strings, nesting, the keys of the top two levels) and
 * counts the elements of the row lists MLflow's formats name: dataframe_split.data,
 * dataframe_records, instances, inputs (a list, or each list in a dict of them).
 */
class JsonRowScanner implements RowScanner {
  stopped = false;
  private offset = 0;
  private depth = 0;
  private readonly kinds = new Uint8Array(MAX_JSON_DEPTH + 2);
  private readonly expectKey = new Uint8Array(MAX_JSON_DEPTH + 2);
  private inString = false;
  private escaped = false;
  private capturing = 0;
  private key: number[] = [];
  private keyEscaped = false;
  private key1 = '';
  private key2 = '';
  private readonly seen1 = new Set<string>();
  private readonly seen2 = new Set<string>();
  private ambiguous = false;
  private readonly lists: RowList[] = [];
  private active: RowList | undefined;
  private rows = 0;
  private tooMany = false;
  private error: ScoringError | undefined;

  constructor(private readonly maxRows: number) {}

  push(chunk: Buffer): void {
    if (this.stopped) return void (this.offset += chunk.length);
    for (let i = 0; i < chunk.length && !this.stopped; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = this.keyEscaped = true;
        else if (c === QUOTE) this.closeString();
        else if (this.capturing !== 0 && this.key.length < 64) this.key.push(c);
        continue;
      }
      if (c === 0x20 || c === LF || c === CR || c === 0x09) continue;
      const at = this.offset + i;
      const list = this.active;
      if (list && this.depth === list.depth && !list.inElement && c !== COMMA && c !== CLOSE_BRACKET) this.startElement(list, at);
      // The rest of a number changes nothing, nor do the commas between numbers inside a row (an
      // array deeper than the row list): skip them in one tight loop (most of a numeric body).
      if (NUMBER_BYTES[c] === 1) {
        const skip = this.kinds[this.depth] === ARRAY && this.depth !== list?.depth ? ROW_BYTES : NUMBER_BYTES;
        while (i + 1 < chunk.length && skip[chunk[i + 1]!] === 1) i++;
        continue;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.kinds[this.depth] === OBJECT && this.expectKey[this.depth] === 1) {
            this.expectKey[this.depth] = 0;
            if (this.depth <= 2) {
              this.capturing = this.depth;
              this.key = [];
              this.keyEscaped = false;
            }
          }
          break;
        case COMMA:
          if (this.kinds[this.depth] === OBJECT) this.expectKey[this.depth] = 1;
          if (list && this.depth === list.depth) {
            list.inElement = false;
            list.lastComma = at;
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.open(c === OPEN_BRACE ? OBJECT : ARRAY, at);
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (list && this.depth === list.depth) this.endList(list, at);
          if (--this.depth < 0) this.stopped = true;
          break;
      }
    }
    this.offset += chunk.length;
  }

  end(): RowLayout {
    const layout: RowLayout = { rows: this.rows, tooMany: this.tooMany, ...(this.error && { error: this.error }) };
    const sliceable = this.lists.filter((l) => l.sliceable);
    const list = sliceable[0];
    if (!this.stopped && !this.ambiguous && this.depth === 0 && sliceable.length === 1 && list && list.listEnd >= 0) {
      layout.slices = { kind: 'json', path: list.path, listStart: list.listStart, listEnd: list.listEnd, bounds: list.bounds, rows: list.sliceRows };
    }
    return layout;
  }

  private open(kind: number, at: number): void {
    if (++this.depth > MAX_JSON_DEPTH) {
      this.error = badRequest(`Invalid input: the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
      this.stopped = true;
      return;
    }
    this.kinds[this.depth] = kind;
    this.expectKey[this.depth] = kind === OBJECT ? 1 : 0;
    if (kind === OBJECT) {
      if (this.depth === 2) this.seen2.clear();
      return;
    }
    const inTop = this.kinds[1] === OBJECT;
    if (this.depth === 2 && inTop && TOP_LISTS.has(this.key1)) this.startList(true, [this.key1], at);
    else if (this.depth === 3 && inTop && this.kinds[2] === OBJECT && this.key1 === 'dataframe_split' && this.key2 === 'data') this.startList(true, ['dataframe_split', 'data'], at);
    else if (this.depth === 3 && inTop && this.kinds[2] === OBJECT && this.key1 === 'inputs') this.startList(false, [], at);
  }

  private closeString(): void {
    this.inString = false;
    if (this.capturing === 0) return;
    // A key spelled with escapes might be a format's name in disguise: such a body is parsed whole.
    const key = this.keyEscaped ? '\\' : Buffer.from(this.key).toString('latin1');
    if (this.keyEscaped) this.ambiguous = true;
    const seen = this.capturing === 1 ? this.seen1 : this.seen2;
    if (seen.has(key)) this.ambiguous = true;
    seen.add(key);
    if (this.capturing === 1) this.key1 = key;
    else this.key2 = key;
    this.capturing = 0;
  }

  private startList(sliceable: boolean, path: string[], at: number): void {
    const list: RowList = { depth: this.depth, sliceable, path, rows: 0, inElement: false, listStart: at + 1, listEnd: -1, bounds: [], sliceRows: [], sliceStart: -1, lastComma: -1 };
    this.lists.push(list);
    this.active = list;
  }

  private startElement(list: RowList, at: number): void {
    list.inElement = true;
    if (++list.rows > this.rows) this.rows = list.rows;
    if (this.rows > this.maxRows) {
      this.tooMany = this.stopped = true;
      return;
    }
    if (!list.sliceable) return;
    const count = list.sliceRows.length;
    if (list.sliceStart < 0) {
      list.sliceStart = at;
      list.sliceRows.push(1);
    } else if (list.sliceRows[count - 1]! >= SLICE_ROWS || at - list.sliceStart >= SLICE_BYTES) {
      list.bounds.push(list.sliceStart, list.lastComma);
      list.sliceStart = at;
      list.sliceRows.push(1);
    } else list.sliceRows[count - 1]!++;
  }

  private endList(list: RowList, at: number): void {
    list.listEnd = at;
    if (list.sliceStart >= 0) list.bounds.push(list.sliceStart, at);
    this.active = undefined;
  }
}

/** Counts CSV records as parseCsv reads them: quoted fields may hold line breaks; blank lines are no records. */
class CsvRowScanner implements RowScanner {
  stopped = false;
  private offset = 0;
  private inQuote = false;
  private fieldStart = true;
  private justClosed = false;
  private lineHasContent = false;
  private lines = 0;
  private rows = 0;
  private tooMany = false;
  private readonly bounds: number[] = [];
  private readonly sliceRows: number[] = [];
  private sliceStart = -1;

  constructor(private readonly maxRows: number) {}

  push(chunk: Buffer): void {
    if (this.stopped) return void (this.offset += chunk.length);
    for (let i = 0; i < chunk.length && !this.stopped; i++) {
      const c = chunk[i]!;
      if (this.inQuote) {
        if (c === QUOTE) {
          this.inQuote = false;
          this.justClosed = true;
        }
        continue;
      }
      if (c === LF || c === CR) {
        this.lineHasContent = false;
        this.fieldStart = true;
        this.justClosed = false;
        continue;
      }
      if (!this.lineHasContent) {
        this.lineHasContent = true;
        this.startLine(this.offset + i);
      }
      if (c === QUOTE && (this.fieldStart || this.justClosed)) this.inQuote = true;
      this.fieldStart = c === COMMA;
      this.justClosed = false;
    }
    this.offset += chunk.length;
  }

  end(): RowLayout {
    const layout: RowLayout = { rows: this.rows, tooMany: this.tooMany };
    if (this.stopped || this.sliceStart < 0) return layout;
    this.bounds.push(this.sliceStart, this.offset);
    return { ...layout, slices: { kind: 'csv', bounds: this.bounds, rows: this.sliceRows } };
  }

  private startLine(at: number): void {
    if (++this.lines === 1) return;
    this.rows = this.lines - 1;
    if (this.rows > this.maxRows) {
      this.tooMany = this.stopped = true;
      return;
    }
    const count = this.sliceRows.length;
    if (this.sliceStart < 0) {
      this.sliceStart = at;
      this.sliceRows.push(1);
    } else if (this.sliceRows[count - 1]! >= SLICE_ROWS || at - this.sliceStart >= SLICE_BYTES) {
      this.bounds.push(this.sliceStart, at);
      this.sliceStart = at;
      this.sliceRows.push(1);
    } else this.sliceRows[count - 1]!++;
  }
}
