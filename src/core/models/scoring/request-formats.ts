import { csvValue, parseCsv } from './csv';
import type { Frame } from './frame';
import { badRequest } from './scoring-error';

/** MLflow 2's JSON input fields (scoring_server SUPPORTED_FORMATS), plus a text/csv body. */
export const JSON_FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;
export type JsonFormat = (typeof JSON_FORMATS)[number];
export type ScoringFormat = JsonFormat | 'csv';

/**
 * What a request asks the model to score. A frame is a DataFrame (columns mapped to inputs by
 * name); a tensor is one nested list for a single-input model; named values are tensors by input
 * name (or, for a table model, columns by feature name).
 */
export type ParsedInput = { kind: 'frame'; frame: Frame } | { kind: 'tensor'; value: unknown } | { kind: 'named'; values: Record<string, unknown> };

/** A numeric body read straight into float32 (numeric-body.ts): a dataframe_split's rows, or a 2-D tensor when `columns` is null. */
export interface FloatRowsInput {
  kind: 'floats';
  columns: string[] | null;
  rows: number;
  width: number;
  data: Float32Array;
}

/** Every input a model can be asked to score: parsed JSON/CSV, or the numeric fast path's. */
export type ScoringInput = ParsedInput | FloatRowsInput;

export interface ScoringRequest {
  format: ScoringFormat;
  input: ScoringInput;
}

/** A request parsed from JSON or CSV text (what a prediction log record reads back as). */
export interface ParsedRequest {
  format: ScoringFormat;
  input: ParsedInput;
}

const REQUIRED_INPUT_FORMAT = `The input must be a JSON dictionary with exactly one of the input fields ${JSON_FORMATS.map((f) => `'${f}'`).join(', ')}`;

/**
 * Reads a parsed JSON body as MLflow's scoring server does; `params` and unknown keys are ignored.
 * `firstRow` numbers rows in messages (a slice of a large request starts past row 0).
 */
export function requestOfJson(body: unknown, firstRow = 0): ParsedRequest {
  if (Array.isArray(body)) throw badRequest(`Invalid input. ${REQUIRED_INPUT_FORMAT}. Received a list.`);
  if (typeof body !== 'object' || body === null) throw badRequest(`Invalid input. ${REQUIRED_INPUT_FORMAT}. Received unexpected input type '${body === null ? 'null' : typeof body}'.`);
  const fields = body as Record<string, unknown>;
  const present = JSON_FORMATS.filter((format) => Object.hasOwn(fields, format));
  if (present.length !== 1) {
    throw badRequest(`${REQUIRED_INPUT_FORMAT}. Received dictionary with input fields: [${Object.keys(fields).map((k) => `'${k}'`).join(', ')}].`);
  }
  const format = present[0]!;
  const value = fields[format];
  switch (format) {
    case 'dataframe_split':
      return { format, input: { kind: 'frame', frame: splitFrame(value, firstRow) } };
    case 'dataframe_records':
      return { format, input: { kind: 'frame', frame: recordsFrame(value, firstRow) } };
    case 'instances':
      return { format, input: instancesInput(value, firstRow) };
    case 'inputs':
      return { format, input: inputsInput(value) };
  }
}

/** A text/csv body: the header row names the columns (pandas.read_csv); an empty cell is missing. */
export function requestOfCsv(text: string, firstRow = 0): ParsedRequest {
  const { header, rows } = parseCsv(text);
  if (header.length === 0) throw badRequest('Failed to parse input as a Pandas DataFrame: the CSV body has no header row');
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw badRequest(`Failed to parse input as a Pandas DataFrame: CSV row ${firstRow + i} has ${row.length} fields, the header ${header.length}`);
    for (let k = 0; k < row.length; k++) row[k] = csvValue(row[k] ?? null);
  });
  return { format: 'csv', input: { kind: 'frame', frame: { kind: 'rows', columns: header, rows } } };
}

function splitFrame(value: unknown, firstRow: number): Frame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest("dataframe_split must be an object with 'columns' and 'data' (pandas' split orient)");
  const { columns, data } = value as { columns?: unknown; data?: unknown };
  if (!Array.isArray(data)) throw badRequest("dataframe_split.data must be a list of rows");
  let names: string[];
  if (columns === undefined || columns === null) {
    // pandas names unnamed columns 0, 1, …; such a frame can only feed a model by position.
    names = Array.from({ length: Array.isArray(data[0]) ? data[0].length : 0 }, (_, i) => String(i));
  } else if (Array.isArray(columns) && columns.every((c) => typeof c === 'string' || typeof c === 'number')) {
    names = columns.map(String);
  } else {
    throw badRequest('dataframe_split.columns must be a list of column names');
  }
  for (let i = 0; i < data.length; i++) {
    const row: unknown = data[i];
    if (!Array.isArray(row)) throw badRequest(`dataframe_split.data[${firstRow + i}] must be a list of values, one per column`);
    if (row.length !== names.length) throw badRequest(`dataframe_split.data[${firstRow + i}] has ${row.length} values for ${names.length} columns`);
  }
  return { kind: 'rows', columns: names, rows: data as unknown[][] };
}

function recordsFrame(value: unknown, firstRow: number): Frame {
  if (!Array.isArray(value)) throw badRequest('dataframe_records must be a list of records (objects of column: value)');
  for (let i = 0; i < value.length; i++) {
    const record: unknown = value[i];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw badRequest(`dataframe_records[${firstRow + i}] must be an object of column: value`);
  }
  return { kind: 'records', records: value as Record<string, unknown>[] };
}

/** TF-serving's row format: a list of tensors, or a list of objects turned into columns by name. */
function instancesInput(value: unknown, firstRow: number): ParsedInput {
  if (!Array.isArray(value)) throw badRequest('instances must be a list (one item per row)');
  const first: unknown = value[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return { kind: 'tensor', value };
  const columns: Record<string, unknown[]> = {};
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(`instances[${firstRow + i}] must be an object like instances[0]`);
    for (const [key, cell] of Object.entries(item)) (columns[key] ??= []).push(cell);
  });
  return { kind: 'named', values: columns };
}

/** TF-serving's columnar format: one tensor, or a dict of tensors by input name. */
function inputsInput(value: unknown): ParsedInput {
  if (Array.isArray(value)) return { kind: 'tensor', value };
  if (typeof value === 'object' && value !== null) return { kind: 'named', values: value as Record<string, unknown> };
  throw badRequest('inputs must be a list (one tensor) or a dict of tensors by input name');
}
