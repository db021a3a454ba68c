import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvField } from './csv';
import type { PlainValue, PredictionColumn } from './prediction-columns';

export type OutputFormat = 'csv' | 'tsv' | 'jsonl';

/** Writes input rows with their predictions, waiting for the stream to drain (memory stays bounded). */
export interface TableWriter {
  /** Input columns in output order (known once the first batch is written). */
  write(records: readonly Record<string, unknown>[], predictions: readonly PredictionColumn[]): Promise<void>;
  close(): Promise<void>;
  /** Closes without waiting for buffered data (after an error). */
  destroy(): void;
}

export function createTableWriter(path: string, format: OutputFormat): TableWriter {
  // A new file only: never written through a planted symlink or over an existing file.
  const stream = createWriteStream(path, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const write = async (text: string) => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };
  const rows = format === 'jsonl' ? jsonlRows() : delimitedRows(format === 'tsv' ? '\t' : ',');
  return {
    write: (records, predictions) => write(rows(records, predictions)),
    close: async () => {
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    },
    destroy: () => stream.destroy(),
  };
}

type RowsText = (records: readonly Record<string, unknown>[], predictions: readonly PredictionColumn[]) => string;

/** CSV/TSV: the first batch's columns make the header; a column absent from a record is an empty field. */
function delimitedRows(separator: string): RowsText {
  let columns: string[] | undefined;
  const field = (value: unknown): string => delimitedValue(value, separator);
  return (records, predictions) => {
    let text = '';
    if (!columns) {
      columns = Object.keys(records[0] ?? {});
      const names = [...columns, ...predictions.flatMap((p) => (p.width === 1 ? [p.name] : Array.from({ length: p.width }, (_, k) => `${p.name}_${p.keys?.[k] ?? k}`)))];
      text += names.map((name) => csvField(name, separator)).join(separator) + '\n';
    }
    const inputs = columns;
    records.forEach((record, r) => {
      const cells = inputs.map((name) => field(record[name]));
      for (const p of predictions) for (let k = 0; k < p.width; k++) cells.push(field(p.value(r, k)));
      text += cells.join(separator) + '\n';
    });
    return text;
  };
}

/** JSON Lines: each input record with its predictions added (a list per row for a wide output, an object for class probabilities). */
function jsonlRows(): RowsText {
  return (records, predictions) => {
    let text = '';
    records.forEach((record, r) => {
      const row: Record<string, unknown> = { ...record };
      for (const p of predictions) row[p.name] = p.width === 1 ? jsonValue(p.value(r, 0)) : p.keys ? Object.fromEntries(p.keys.map((key, k) => [key, jsonValue(p.value(r, k))])) : Array.from({ length: p.width }, (_, k) => jsonValue(p.value(r, k)));
      text += JSON.stringify(row) + '\n';
    });
    return text;
  };
}

/** pandas.to_csv's spelling: NaN as an empty field, ±inf as inf/-inf. */
function delimitedValue(value: unknown, separator: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'string') return csvField(value, separator);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return csvField(JSON.stringify(value), separator);
}

/** int64 beyond 2^53 as its exact digits (a string); everything else as it is. */
function jsonValue(value: PlainValue): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
