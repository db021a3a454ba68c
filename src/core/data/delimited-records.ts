/**
 * CSV/TSV text, fed in chunks, cut into records of cells. Lines end at \n, \r\n or a lone \r (as
 * node:readline cuts them, also across chunks); a line with a double quote whose quotes do not
 * balance continues on the next line, joined by \n; a record goes through splitRow only when it
 * holds a quote, the others are split on the separator directly.
 */
export class DelimitedRecordSplitter {
  /** Text after the last complete line: it waits for the next chunk. */
  private rest = '';
  /** Lines of a quoted field still open, joined by \n. */
  private pending: string | undefined;

  constructor(private readonly separator: string) {}

  /** The records the chunk completes. */
  push(chunk: string): string[][] {
    const records: string[][] = [];
    const text = this.rest === '' ? chunk : this.rest + chunk;
    this.rest = text.slice(this.cutLines(text, false, records));
    return records;
  }

  /** The records of the text left once the input has ended (a quoted field left open is dropped, as readline's reader did). */
  end(): string[][] {
    const records: string[][] = [];
    this.cutLines(this.rest, true, records);
    this.rest = '';
    this.pending = undefined;
    return records;
  }

  /** Adds the records of the complete lines of `text` to `records`; returns where the incomplete rest starts. */
  private cutLines(text: string, final: boolean, records: string[][]): number {
    let start = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    if (cr === -1) {
      // Files with \n line ends only: no lone \r to look for.
      for (; lf !== -1; lf = text.indexOf('\n', start)) {
        this.line(text.slice(start, lf), records);
        start = lf + 1;
      }
    } else {
      while (lf !== -1 || cr !== -1) {
        if (cr === -1 || (lf !== -1 && lf < cr)) {
          this.line(text.slice(start, lf), records);
          start = lf + 1;
        } else {
          // A \r at the end of the text may be the first half of a \r\n split across chunks.
          if (cr === text.length - 1 && !final) return start;
          this.line(text.slice(start, cr), records);
          start = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
          cr = text.indexOf('\r', start);
        }
        if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      }
    }
    if (final && start < text.length) this.line(text.slice(start), records);
    return start;
  }

  private line(line: string, records: string[][]): void {
    if (this.pending === undefined) {
      if (line.indexOf('"') === -1) return void records.push(line.split(this.separator));
      if (quoteCount(line) % 2 === 0) return void records.push(splitRow(line, this.separator));
      this.pending = line;
      return;
    }
    this.pending = `${this.pending}\n${line}`;
    if (quoteCount(line) % 2 === 0) return;
    records.push(splitRow(this.pending, this.separator));
    this.pending = undefined;
  }
}

const LF = 0x0a;

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** One RFC 4180 record: quoted fields may hold separators, newlines and doubled quotes. */
export function splitRow(text: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
