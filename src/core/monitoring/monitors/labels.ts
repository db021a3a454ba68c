import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonlRecords, tableFormatOf, tableRows } from '../../data';
import { invalid, notFound } from '../../errors';
import type { WorkspacePaths } from '../../workspace';
import type { LabelsConfig } from './monitors-config';
import { labelsLogPath } from './labels-log';

/** Each request id's labels in row order: row i of the request takes labels[i]. */
export type LabelsById = Map<string, unknown[]>;

function addLabel(labels: LabelsById, ids: ReadonlySet<string>, id: unknown, label: unknown): void {
  if (typeof id !== 'string' && typeof id !== 'number') return;
  const key = String(id);
  if (!ids.has(key) || label === null || label === undefined) return;
  const list = labels.get(key) ?? [];
  if (Array.isArray(label)) list.push(...(label as unknown[]));
  else list.push(label);
  labels.set(key, list);
}

/** JSON Lines keep their values (a list label spreads over rows); other tables are read as summaries type them. */
async function* recordsOf(path: string): AsyncGenerator<Record<string, unknown>> {
  const format = tableFormatOf(path);
  if (!format) throw invalid(`The labels file ${path} is not a table (CSV, TSV, JSONL or Parquet).`);
  if (format === 'jsonl') yield* jsonlRecords(path);
  else yield* tableRows(path, format);
}

/**
 * The labels of the requests in `ids`: the rows of the configured labels file in file order, then
 * those posted to the runtime (.mlops/labels/<monitor>.jsonl) in arrival order. A request's rows
 * take its labels in that order; labels of other requests are not kept, so memory follows the window.
 */
export async function readLabels(paths: WorkspacePaths, monitor: string, config: LabelsConfig, ids: ReadonlySet<string>): Promise<LabelsById> {
  const labels: LabelsById = new Map();
  if (config.path !== undefined) {
    const file = resolve(paths.root, config.path);
    if (!existsSync(file)) throw notFound(`Monitor ${monitor}: the labels file ${config.path} does not exist (labels: path: in mlops.yaml).`);
    for await (const row of recordsOf(file)) addLabel(labels, ids, row[config.id], row[config.label]);
  }
  const posted = labelsLogPath(paths.mlopsDir, monitor);
  if (existsSync(posted)) for await (const row of jsonlRecords(posted)) addLabel(labels, ids, row.request_id, row.label);
  return labels;
}
