import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvField } from './csv';
import type { ColumnChunk } from '../../table';
import { ColumnRowsText } from './column-rows-text';
import type { PredictionColumn } from './prediction-columns';

export type OutputFormat = 'csv' | 'tsv' | 'jsonl';

/** Writes input rows with their predictions, waiting for the stream to drain (memory stays bounded). */
export interface TableWriter {
  /** Input columns in output order (known once the first batch is written). */
  write(records: readonly Record<string, unknown>[], predictions: readonly PredictionColumn[]): Promise<void>;
  /** The same from a chunk of columns (no object per row). */
  writeColumns(chunk: ColumnChunk, predictions: readonly PredictionColumn[]): Promise<void>;
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
  const columns = format === 'jsonl' ? jsonlColumns() : delimitedColumns(format === 'tsv' ? '\t' : ',');
  return {
    write: (records, predictions) => write(rows(records, predictions)),
    writeColumns: (chunk, predictions) => write(columns(chunk, predictions)),
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
      text += headerLine(columns, predictions, separator);
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

type ColumnsText = (chunk: ColumnChunk, predictions: readonly PredictionColumn[]) => string;

/** delimitedRows from columns: the header from the first chunk's columns. */
function delimitedColumns(separator: string): ColumnsText {
  const spell = (value: unknown) => delimitedValue(value, separator);
  const text = new ColumnRowsText({ value: spell });
  let header = false;
  return (chunk, predictions) => {
    let out = '';
    if (!header) {
      header = true;
      out += headerLine(chunk.columns.map((c) => c.name), predictions, separator);
    }
    const cells = text.cells(chunk);
    for (let r = 0; r < chunk.rowCount; r++) {
      let line = '';
      let fields = 0;
      for (let k = 0; k < cells.length; k++) line += (fields++ > 0 ? separator : '') + cells[k]![r]!;
      for (const p of predictions) for (let k = 0; k < p.width; k++) line += (fields++ > 0 ? separator : '') + spell(p.value(r, k));
      out += line + '\n';
    }
    return out;
  };
}

/** jsonlRows from columns: the input cells spelled once per category entry, the predictions as jsonlRows adds them. */
function jsonlColumns(): ColumnsText {
  const text = new ColumnRowsText({ value: (value) => JSON.stringify(jsonValue(value)) });
  return (chunk, predictions) => {
    const keys = chunk.columns.map((c) => `${JSON.stringify(c.name)}:`);
    const cells = text.cells(chunk);
    let out = '';
    for (let r = 0; r < chunk.rowCount; r++) {
      let line = '{';
      for (let k = 0; k < cells.length; k++) line += (k > 0 ? ',' : '') + keys[k]! + cells[k]![r]!;
      const predicted = JSON.stringify(predictionsOfRow(predictions, r));
      if (predicted.length > 2) line += (cells.length > 0 ? ',' : '') + predicted.slice(1, -1);
      out += line + '}\n';
    }
    return out;
  };
}

/** JSON Lines: each input record with its predictions added (a list per row for a wide output, an object for class probabilities). */
function jsonlRows(): RowsText {
  return (records, predictions) => {
    let text = '';
    records.forEach((record, r) => {
      text += JSON.stringify({ ...record, ...predictionsOfRow(predictions, r) }) + '\n';
    });
    return text;
  };
}

/** Row r's predictions as JSON Lines adds them: a list per row for a wide output, an object for class probabilities. */
function predictionsOfRow(predictions: readonly PredictionColumn[], r: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const p of predictions) row[p.name] = p.width === 1 ? jsonValue(p.value(r, 0)) : p.keys ? Object.fromEntries(p.keys.map((key, k) => [key, jsonValue(p.value(r, k))])) : Array.from({ length: p.width }, (_, k) => jsonValue(p.value(r, k)));
  return row;
}

function headerLine(columns: readonly string[], predictions: readonly PredictionColumn[], separator: string): string {
  const names = [...columns, ...predictions.flatMap((p) => (p.width === 1 ? [p.name] : Array.from({ length: p.width }, (_, k) => `${p.name}_${p.keys?.[k] ?? k}`)))];
  return names.map((name) => csvField(name, separator)).join(separator) + '\n';
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
function jsonValue(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
