import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { invalid } from '../../errors';

/** A label as posted: one value per row of the request, or a list (one per row, in row order). */
export type LabelValue = string | number | (string | number)[];

export interface LabelRow {
  request_id: string;
  label: LabelValue;
}

/** .mlops/labels/<monitor>.jsonl: the labels posted to the runtime, one JSON object a line. */
export function labelsLogPath(mlopsDir: string, monitor: string): string {
  return join(mlopsDir, 'labels', `${encodeURIComponent(monitor)}.jsonl`);
}

const isScalar = (value: unknown): value is string | number => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** The body of POST /api/monitors/NAME/labels as label rows; an error names the first bad entry. */
export function parseLabelRows(body: unknown): LabelRow[] {
  const labels = typeof body === 'object' && body !== null ? (body as { labels?: unknown }).labels : undefined;
  if (!Array.isArray(labels)) throw invalid('The body must be {"labels": [{"request_id": "…", "label": …}, …]}.');
  return labels.map((entry: unknown, i): LabelRow => {
    const at = `labels[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid(`${at} must be an object {"request_id": "…", "label": …}.`);
    const { request_id: id, label } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw invalid(`${at}.request_id must be a non-empty string (the x-request-id the server answered with).`);
    if (isScalar(label)) return { request_id: id, label };
    if (Array.isArray(label) && label.length > 0 && label.every(isScalar)) return { request_id: id, label };
    throw invalid(`${at}.label must be a string, a finite number, or a non-empty list of them (one per row of the request).`);
  });
}

/** Appends the rows as whole lines in one write, so concurrent readers never see half a label. */
export async function appendLabels(mlopsDir: string, monitor: string, rows: readonly LabelRow[]): Promise<void> {
  if (rows.length === 0) return;
  const path = labelsLogPath(mlopsDir, monitor);
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, rows.map((row) => `${JSON.stringify({ request_id: row.request_id, label: row.label })}\n`).join(''));
}
