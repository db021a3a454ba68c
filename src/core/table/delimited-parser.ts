// CSV/TSV records cut from bytes into ColumnBuilders. Like delimited-cells.ts, one function that
// names nothing outside itself and its argument, so worker threads can run it from its source text.
import type { ByteInterner as ByteInternerType, CellCore, ColumnBuilder as ColumnBuilderType, Dictionary } from './delimited-cells';
import { cellCore } from './delimited-cells';
import type { Column } from './types';

/** Where the parser's output columns come from: file column index, name and kind of each. */
export interface ParserLayout {
  readonly sources: readonly number[];
  readonly names: readonly string[];
  readonly kinds: readonly (Column['kind'] | undefined)[];
}

/** The parser class, made from the cell classes by a self-contained function. */
export function parserCore(cells: CellCore) {
  const { Cells, ByteInterner, ColumnBuilder } = cells;

  /**
   * RFC 4180 records (a quoted field may hold separators, doubled quotes and line ends; a quote
   * inside an unquoted field opens a quoted part, as table-rows' splitRow reads it) cut from bytes
   * and typed cell by cell into ColumnBuilders. Lines end at \n, \r\n or \r; a blank line is
   * skipped; a short record's last cells are missing; a quoted field still open at the end of the
   * input drops its record.
   */
  class DelimitedParser {
    /** Cells of the first record, until a layout is set. */
    header: string[] | undefined;
    layout: ParserLayout | undefined;
    /** Rows in the current chunk. */
    row = 0;
    /** Whether the last parse stopped inside an open quote at the end of a final input. */
    openQuote = false;
    /** By file column; null for a column not read. */
    private builders: (ColumnBuilderType | null)[] = [];
    /** In layout order. */
    private outputs: ColumnBuilderType[] = [];
    private interners: ByteInternerType[] = [];
    private firstEmpty = false;
    private quotedText = '';
    private headerCells: string[] = [];

    constructor(
      private readonly separator: number,
      readonly chunkRows: number,
    ) {}

    setLayout(layout: ParserLayout, dictionaries: Dictionary[]): void {
      this.layout = layout;
      this.interners = dictionaries.map((dictionary) => new ByteInterner(dictionary));
      this.newBuilders(layout.kinds);
    }

    /** The chunk's columns; the next chunk's builders keep each column's kind. */
    takeChunk(): { rowCount: number; columns: Column[] } {
      const rowCount = this.row;
      const columns = this.outputs.map((b) => b.finish(rowCount));
      this.row = 0;
      const layout = this.layout!;
      const kinds = columns.map((c) => c.kind);
      this.layout = { ...layout, kinds };
      this.newBuilders(kinds);
      return { rowCount, columns };
    }

    /**
     * Parses from `pos`; returns where it stopped: at `end`, at the start of a record `end` cuts
     * (unless `final`), after the header, or after the record that filled the chunk.
     */
    parse(b: Buffer, pos: number, end: number, final: boolean): number {
      if (!this.layout) this.headerCells = [];
      const separator = this.separator;
      let col = 0;
      let recordStart = pos;
      while (pos < end) {
        let p = pos;
        let c = 0;
        while (p < end) {
          c = b[p]!;
          if (c === separator || c === 10 || c === 13 || c === 34) break;
          p++;
        }
        if (p < end && c === 34) {
          p = this.quotedField(b, pos, end, final);
          if (p < 0 || (p === end && !final)) {
            if (!final) return recordStart;
            this.openQuote = true;
            return end;
          }
          this.cell(col++, b, 0, -1);
          c = p < end ? b[p]! : 0;
        } else if (p === end && !final) return recordStart;
        else this.cell(col++, b, pos, p);
        if (p === end) {
          this.endRecord(col);
          return end;
        }
        pos = p + 1;
        if (c === separator) {
          if (pos < end) continue;
          if (!final) return recordStart;
          this.cell(col++, b, pos, pos);
          this.endRecord(col);
          return end;
        }
        if (c === 13 && b[pos] === 10) pos++;
        else if (c === 13 && pos === end && !final) return recordStart;
        this.endRecord(col);
        col = 0;
        recordStart = pos;
        if (this.row === this.chunkRows || this.layout === undefined) return pos;
      }
      return pos;
    }

    /** Reads a field holding a quote into quotedText; returns where it ends, -1 when the input ends inside quotes. */
    private quotedField(b: Buffer, pos: number, end: number, final: boolean): number {
      const separator = this.separator;
      let text = '';
      let from = pos;
      let quoted = false;
      for (let p = pos; p < end; p++) {
        const c = b[p]!;
        if (c === 34) {
          text += Cells.decode(b, from, p);
          if (quoted && b[p + 1] === 34) {
            text += '"';
            p++;
          } else if (quoted && p + 1 === end && !final) return -1;
          else quoted = !quoted;
          from = p + 1;
        } else if (quoted && c === 13) {
          text += `${Cells.decode(b, from, p)}\n`;
          if (b[p + 1] === 10) p++;
          from = p + 1;
        } else if (!quoted && (c === separator || c === 10 || c === 13)) {
          this.quotedText = text + Cells.decode(b, from, p);
          return p;
        }
      }
      if (quoted) return -1;
      this.quotedText = text + Cells.decode(b, from, end);
      return end;
    }

    /** One cell: bytes [start, end), or quotedText when end is -1. */
    private cell(col: number, b: Buffer, start: number, end: number): void {
      if (col === 0) this.firstEmpty = end === -1 ? this.quotedText === '' : start === end;
      if (!this.layout) {
        this.headerCells.push(end === -1 ? this.quotedText : Cells.decode(b, start, end));
        return;
      }
      const builder = this.builders[col];
      if (!builder) return;
      if (end === -1) builder.quoted(this.row, this.quotedText);
      else builder.bytes(this.row, b, start, end);
    }

    private endRecord(cells: number): void {
      if (!this.layout) {
        this.header = this.headerCells;
        return;
      }
      if (cells === 1 && this.firstEmpty) return;
      for (let col = cells; col < this.builders.length; col++) this.builders[col]?.absent(this.row);
      this.row++;
    }

    private newBuilders(kinds: readonly (Column['kind'] | undefined)[]): void {
      const { sources, names } = this.layout!;
      const builders: (ColumnBuilderType | null)[] = new Array<ColumnBuilderType | null>(Math.max(0, ...sources) + 1).fill(null);
      this.outputs = sources.map((source, i) => (builders[source] = new ColumnBuilder(names[i]!, kinds[i], this.chunkRows, this.interners[i]!)));
      this.builders = builders;
    }
  }
  return { DelimitedParser };
}

export const { DelimitedParser } = parserCore(cellCore());
export type DelimitedParser = InstanceType<typeof DelimitedParser>;
