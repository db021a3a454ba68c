/** A CSV field: its text, or null when empty (pandas reads an empty field as NaN). */
export type CsvField = string | null;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * An incremental RFC 4180 reader: quoted fields may hold separators, line breaks and doubled
 * quotes; CRLF, LF and CR end records; blank lines are skipped; a leading BOM is dropped.
 */
export class CsvReader {
  private pending = '';
  private started = false;

  constructor(private readonly separator = ',') {}

  /** The records completed by this chunk. */
  push(chunk: string): CsvField[][] {
    let text = this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const { records, rest } = parseRecords(text, this.separator.charCodeAt(0), false);
    this.pending = rest;
    return records;
  }

  /** The last record, when the text did not end with a line break. */
  end(): CsvField[][] {
    const { records } = parseRecords(this.pending, this.separator.charCodeAt(0), true);
    this.pending = '';
    return records;
  }
}

/** A whole CSV text: the first record is the header. */
export function parseCsv(text: string, separator = ','): { header: string[]; rows: CsvField[][] } {
  const reader = new CsvReader(separator);
  const records = [...reader.push(text), ...reader.end()];
  const header = (records.shift() ?? []).map((name) => name ?? '');
  return { header, rows: records };
}

function parseRecords(text: string, separator: number, final: boolean): { records: CsvField[][]; rest: string } {
  const records: CsvField[][] = [];
  const length = text.length;
  let start = 0;
  scan: while (start < length) {
    const record: CsvField[] = [];
    let i = start;
    for (;;) {
      let field: CsvField;
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            if (!final) break scan;
            value += text.slice(from);
            i = length;
            break;
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) break scan;
          i = close + 1;
          // Text between the closing quote and the separator is kept, as lenient readers do.
          while (i < length && !isEnd(text.charCodeAt(i), separator)) value += text[i++];
          break;
        }
        field = value === '' ? null : value;
      } else {
        let j = i;
        while (j < length && !isEnd(text.charCodeAt(j), separator)) j++;
        if (j >= length && !final) break scan;
        field = j === i ? null : text.slice(i, j);
        i = j;
      }
      record.push(field);
      if (i < length && text.charCodeAt(i) === separator) {
        i++;
        if (i >= length && !final) break scan;
        continue;
      }
      break;
    }
    if (i < length && text.charCodeAt(i) === CR) {
      if (i + 1 >= length && !final) break;
      i++;
      if (text.charCodeAt(i) === LF) i++;
    } else if (i < length) i++;
    start = i;
    if (!(record.length === 1 && record[0] === null)) records.push(record);
  }
  return { records, rest: text.slice(start) };
}

function isEnd(code: number, separator: number): boolean {
  return code === separator || code === LF || code === CR;
}

/** pandas.read_csv's default missing-value markers. */
const NA_VALUES = new Set(['#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

/** A field as pandas reads it: its text, or null for an empty field or a missing-value marker. */
export function csvValue(field: CsvField): string | null {
  return field === null || NA_VALUES.has(field) ? null : field;
}

/** One value as a CSV field: quoted when it holds the separator, a quote, a line break or edge blanks. */
export function csvField(value: string, separator = ','): string {
  const special = value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r') || /^\s|\s$/.test(value);
  return special ? `"${value.replace(/"/g, '""')}"` : value;
}
