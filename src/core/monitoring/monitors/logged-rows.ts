import type { PredictionRecord } from '../../models';
import { recordInput } from '../../models';
import type { Frame } from '../../models';
import type { TableRecord } from '../table-profile';
import type { Value } from '../values';

/** A logged cell as a monitored value: scalars as they are, anything nested as its JSON text. */
function valueOf(cell: unknown): Value {
  if (cell === null || cell === undefined || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return JSON.stringify(cell);
}

function frameRecords(frame: Frame): TableRecord[] {
  switch (frame.kind) {
    case 'rows':
      return frame.rows.map((row) => Object.fromEntries(frame.columns.map((name, i) => [name, valueOf(row[i])])));
    case 'records':
      return frame.records.map((record) => Object.fromEntries(Object.entries(record).map(([name, cell]) => [name, valueOf(cell)])));
    case 'columns':
      return columnRecords(frame.columns);
  }
}

/** Equally long lists by name as rows; a value that is not a list is one row. */
function columnRecords(columns: Record<string, unknown>): TableRecord[] {
  const lists = Object.entries(columns).map(([name, cells]) => [name, Array.isArray(cells) ? cells : [cells]] as const);
  const rows = Math.max(0, ...lists.map(([, cells]) => cells.length));
  return Array.from({ length: rows }, (_, i) => Object.fromEntries(lists.map(([name, cells]) => [name, valueOf(cells[i])])));
}

/** A tensor of rows (a list of lists) as rows with columns named by position. */
function tensorRecords(value: unknown): TableRecord[] {
  if (!Array.isArray(value)) return [];
  return value.map((row: unknown) => (Array.isArray(row) ? Object.fromEntries(row.map((cell: unknown, i) => [String(i), valueOf(cell)])) : { '0': valueOf(row) }));
}

/** The feature rows a logged request asked to score, parsed as the server parsed them; none for an unreadable body. */
export function loggedRows(record: PredictionRecord): TableRecord[] {
  const input = recordInput(record);
  if (!input) return [];
  if (input.kind === 'frame') return frameRecords(input.frame);
  if (input.kind === 'named') return columnRecords(input.values);
  return tensorRecords(input.value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The answer's predictions as rows: a list gives one `prediction` per row (a one-item list is its
 * item) or, for records (one object per row, several outputs), one column per output; a dict of
 * lists (several outputs) one column per output.
 */
export function loggedPredictions(record: PredictionRecord): TableRecord[] {
  const predictions = record.predictions;
  if (Array.isArray(predictions)) {
    return predictions.map((p: unknown) =>
      isRecord(p) ? Object.fromEntries(Object.entries(p).map(([name, cell]) => [name, valueOf(cell)])) : { prediction: valueOf(Array.isArray(p) && p.length === 1 ? p[0] : p) },
    );
  }
  if (typeof predictions === 'object' && predictions !== null) return columnRecords(predictions as Record<string, unknown>);
  return [];
}
