// Cells of CSV/TSV bytes typed straight into column arrays. The classes live in one function that
// names nothing outside itself, so worker threads can run it from its source text (see
// delimited-worker.ts), under the CLI bundle (whatever it renames) and the TypeScript sources alike.
import type { CategoryColumn, Column, NumberColumn } from './types';

/** The cell-typing and column-building classes, made by a self-contained function. */
export function cellCore() {
  /**
   * How a cell is typed, from its bytes or its text: table-rows' cellValue rules (empty and
   * na/nan/null/none cells are missing; decimal numbers and ±inf(inity) are numbers; true/false are
   * booleans; the rest is text).
   */
  class Cells {
    /** When numberOf returns NaN: 1 the cell was missing, 2 it was text. */
    static state = 0;

    /**
     * The number in bytes [start, end) of `bytes`; Cells.state says whether it was a number, a
     * missing cell or text. Plain decimals of up to 15 digits are computed here: digits / 10^k of two
     * exactly represented numbers is one correctly rounded division, the double Number() reads.
     */
    static numberOf(bytes: Buffer, start: number, end: number): number {
      while (start < end && bytes[start]! <= 32) start++;
      while (end > start && bytes[end - 1]! <= 32) end--;
      if (start === end) {
        Cells.state = 1;
        return NaN;
      }
      let i = start;
      let c = bytes[i]!;
      const negative = c === 45;
      if (c === 43 || c === 45) c = ++i < end ? bytes[i]! : 0;
      let mantissa = 0;
      let digits = 0;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        c = ++i < end ? bytes[i]! : 0;
      }
      let fraction = 0;
      if (c === 46) {
        c = ++i < end ? bytes[i]! : 0;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          fraction++;
          c = ++i < end ? bytes[i]! : 0;
        }
        digits += fraction;
      }
      if (i === end && digits > 0 && digits <= 15) {
        const value = fraction === 0 ? mantissa : mantissa / Cells.powersOfTen[fraction]!;
        return negative ? -value : value;
      }
      return Cells.numberOfText(Cells.decode(bytes, start, end));
    }

    /** The number a cell's text holds, by the same rules (Cells.state as numberOf sets it). */
    static numberOfText(text: string): number {
      const value = Cells.valueOf(text);
      if (typeof value === 'number') {
        Cells.state = 0;
        return value;
      }
      Cells.state = value === null ? 1 : 2;
      return NaN;
    }

    /** A cell as table-rows types it: null (missing), a number, a boolean, or the text itself. */
    static valueOf(cell: string): number | boolean | string | null {
      const t = cell.trim();
      if (t === '' || /^(na|nan|null|none)$/i.test(t)) return null;
      if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
      if (/^[-+]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
      return cell;
    }

    /** A non-missing value as a dictionary entry: text as it is, booleans and numbers printed. */
    static categoryOf(value: number | boolean | string): string {
      return typeof value === 'string' ? value : String(value);
    }

    static decode(bytes: Buffer, start: number, end: number): string {
      return bytes.toString('utf8', start, end);
    }

    static readonly powersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
  }

  /** A category column's growing dictionary: entry → code; codes never change. */
  class Dictionary {
    readonly entries: string[] = [];
    private readonly index = new Map<string, number>();

    code(entry: string): number {
      let code = this.index.get(entry);
      if (code === undefined) {
        code = this.entries.length;
        this.entries.push(entry);
        this.index.set(entry, code);
      }
      return code;
    }

    /** The code of a cell's text (-1 when the cell is missing). */
    codeOfText(text: string): number {
      const value = Cells.valueOf(text);
      return value === null ? -1 : this.code(Cells.categoryOf(value));
    }
  }

  /**
   * Raw cell bytes → dictionary code without a string per cell: an open-addressing table (FNV-1a)
   * over the distinct byte sequences seen, each kept once in a byte pool. Only a byte sequence seen
   * for the first time is decoded and typed.
   */
  class ByteInterner {
    private slots = new Int32Array(1024);
    /** Per entry: start in the pool, length, code. */
    private entries = new Int32Array(3 * 256);
    private pool = Buffer.allocUnsafe(4096);
    private poolUsed = 0;
    private size = 0;

    constructor(readonly dictionary: Dictionary) {}

    code(bytes: Buffer, start: number, end: number): number {
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
      const mask = this.slots.length - 1;
      const length = end - start;
      const pool = this.pool;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const entry = 3 * (this.slots[slot]! - 1);
        if (entry < 0) return this.insert(slot, bytes, start, end);
        if (this.entries[entry + 1] !== length) continue;
        const at = this.entries[entry]! - start;
        let i = start;
        while (i < end && pool[at + i] === bytes[i]) i++;
        if (i === end) return this.entries[entry + 2]!;
      }
    }

    private insert(slot: number, bytes: Buffer, start: number, end: number): number {
      const code = this.dictionary.codeOfText(bytes.toString('utf8', start, end));
      const length = end - start;
      if (this.poolUsed + length > this.pool.length) {
        const pool = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.poolUsed + length));
        this.pool.copy(pool, 0, 0, this.poolUsed);
        this.pool = pool;
      }
      bytes.copy(this.pool, this.poolUsed, start, end);
      if (3 * (this.size + 1) > this.entries.length) {
        const entries = new Int32Array(this.entries.length * 2);
        entries.set(this.entries);
        this.entries = entries;
      }
      this.entries.set([this.poolUsed, length, code], 3 * this.size);
      this.poolUsed += length;
      this.slots[slot] = ++this.size;
      if (this.size * 2 > this.slots.length) this.rehash();
      return code;
    }

    private rehash(): void {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (let entry = 0; entry < this.size; entry++) {
        const at = this.entries[3 * entry]!;
        let hash = 0x811c9dc5;
        for (let i = at; i < at + this.entries[3 * entry + 1]!; i++) hash = Math.imul(hash ^ this.pool[i]!, 0x01000193);
        let slot = hash & mask;
        while (slots[slot] !== 0) slot = (slot + 1) & mask;
        slots[slot] = entry + 1;
      }
      this.slots = slots;
    }
  }

  /** One column of the chunk being parsed; `kind` undefined = decided by the chunk's cells (first chunk). */
  class ColumnBuilder {
    private readonly values: Float64Array;
    private readonly missing: Uint8Array;
    private readonly codes: Int32Array;
    private text: Map<number, string> | undefined;

    constructor(
      readonly name: string,
      readonly kind: Column['kind'] | undefined,
      rows: number,
      private readonly interner: ByteInterner,
    ) {
      this.values = new Float64Array(kind === 'category' ? 0 : rows);
      this.missing = new Uint8Array(kind === 'category' ? 0 : (rows + 7) >> 3);
      // Undecided: -2 = a number in `values`, -1 missing, else a text's code.
      this.codes = new Int32Array(kind === 'number' ? 0 : rows);
    }

    bytes(row: number, bytes: Buffer, start: number, end: number): void {
      if (this.kind === 'category') {
        this.codes[row] = this.interner.code(bytes, start, end);
        return;
      }
      const value = Cells.numberOf(bytes, start, end);
      if (value === value && this.kind === 'number') {
        this.values[row] = value;
        this.missing[row >> 3]! &= ~(1 << (row & 7));
      } else this.put(row, value, bytes, start, end, undefined);
    }

    quoted(row: number, text: string): void {
      if (this.kind === 'category') this.codes[row] = this.interner.dictionary.codeOfText(text);
      else this.put(row, Cells.numberOfText(text), undefined, 0, 0, text);
    }

    absent(row: number): void {
      if (this.kind === 'category') this.codes[row] = -1;
      else this.put(row, NaN, undefined, 0, 0, '');
    }

    private put(row: number, value: number, bytes: Buffer | undefined, start: number, end: number, text: string | undefined): void {
      const state = text === '' ? 1 : value === value ? 0 : Cells.state;
      this.values[row] = value;
      const bit = 1 << (row & 7);
      if (state === 0) this.missing[row >> 3]! &= ~bit;
      else this.missing[row >> 3]! |= bit;
      if (this.kind === undefined) this.codes[row] = state === 0 ? -2 : state === 1 ? -1 : bytes ? this.interner.code(bytes, start, end) : this.interner.dictionary.codeOfText(text!);
      else if (state === 2) (this.text ??= new Map()).set(row, Cells.categoryOf(Cells.valueOf(text ?? Cells.decode(bytes!, start, end))!));
      else this.text?.delete(row);
    }

    finish(rows: number): Column {
      let kind = this.kind;
      if (kind === undefined) {
        kind = 'number';
        for (let i = 0; i < rows; i++) if (this.codes[i]! >= 0) kind = 'category';
      }
      const dictionary = this.interner.dictionary;
      if (kind === 'number') {
        const column: NumberColumn = { kind, name: this.name, values: this.values.subarray(0, rows), missing: this.missing.subarray(0, (rows + 7) >> 3) };
        return this.text && this.text.size > 0 ? { ...column, text: this.text } : column;
      }
      const codes = this.codes.subarray(0, rows);
      if (this.kind === undefined) for (let i = 0; i < rows; i++) if (codes[i] === -2) codes[i] = dictionary.code(String(this.values[i]));
      const column: CategoryColumn = { kind, name: this.name, codes, dictionary: dictionary.entries };
      return column;
    }
  }


  return { Cells, Dictionary, ByteInterner, ColumnBuilder };
}

export type CellCore = ReturnType<typeof cellCore>;
export const { Cells, Dictionary, ByteInterner, ColumnBuilder } = cellCore();
export type Dictionary = InstanceType<typeof Dictionary>;
export type ByteInterner = InstanceType<typeof ByteInterner>;
export type ColumnBuilder = InstanceType<typeof ColumnBuilder>;
