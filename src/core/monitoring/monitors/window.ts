import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFormatOf } from '../../data';
import { readColumnChunks } from '../../table';
import type { ColumnChunk } from '../../table';
import { lastRowsOf } from '../chunk-values';
import { notFound } from '../../errors';
import { readPredictionLog } from '../../models';
import { dayFiles } from '../../models';
import type { PredictionRecord } from '../../models';
import type { MonitorWindow } from './monitors-config';
import type { TableRecord } from '../table-profile';
import { loggedPredictions, loggedRows } from './logged-rows';
import type { TableSample } from './table-sample';

/** A logged request's rows in the window: `offset` of its rows were cut off (the oldest request of a rows window). */
export interface RequestSpan {
  record: PredictionRecord;
  offset: number;
  rows: number;
}

/** Which logged requests a window reads (e.g. those one model version answered). */
export type RecordFilter = (record: PredictionRecord) => boolean;

/** The current side of a comparison, and what the requests in it tell about serving. */
export interface CurrentWindow {
  sample: TableSample;
  /** The window's requests in log order, for joining labels; absent for a folder. */
  spans?: RequestSpan[];
  /** The logged predictions of the window's rows; absent for a folder. */
  predictions?: TableSample;
  /** Logged requests in the window (failures included); absent for a folder. */
  requests?: number;
  errors?: number;
  latenciesMs?: number[];
  from: string | null;
  to: string | null;
}

const HOUR_MS = 3_600_000;

/** A request the server did not answer successfully. */
const failed = (record: PredictionRecord): boolean => record.status >= 400;

/** The last N rows or last N hours of a model's prediction log, built into `sample`. */
export async function predictionWindow(
  dir: string,
  window: MonitorWindow,
  now: number,
  sample: TableSample,
  predictions: TableSample,
  accept: RecordFilter = () => true,
): Promise<CurrentWindow> {
  const entries = 'rows' in window ? await lastRowsOfLog(dir, window.rows, accept) : await lastHoursOfLog(dir, now - window.hours * HOUR_MS, now, accept);
  let errors = 0;
  const latenciesMs: number[] = [];
  const spans: RequestSpan[] = [];
  for (const { record, rows, offset } of entries) {
    for (const row of rows) sample.add(row);
    const answers = failed(record) ? [] : loggedPredictions(record);
    for (const answer of answers.slice(Math.max(0, answers.length - rows.length))) predictions.add(answer);
    if (failed(record)) errors++;
    latenciesMs.push(record.latency_ms);
    spans.push({ record, offset, rows: rows.length });
  }
  return { sample, predictions, spans, requests: entries.length, errors, latenciesMs, from: entries[0]?.record.time ?? null, to: entries.at(-1)?.record.time ?? null };
}

interface Entry {
  record: PredictionRecord;
  rows: TableRecord[];
  /** Rows of the request left out before `rows`. */
  offset: number;
}

const entryOf = (record: PredictionRecord): Entry => ({ record, rows: failed(record) ? [] : loggedRows(record), offset: 0 });

/** The newest records holding N rows (failed requests among them included), oldest first; the oldest may be cut to fit. */
async function lastRowsOfLog(dir: string, n: number, accept: RecordFilter): Promise<Entry[]> {
  const entries: Entry[] = [];
  let rows = 0;
  for (const file of dayFiles(dir).reverse()) {
    const day: Entry[] = [];
    for await (const record of readPredictionLog(dir, { from: file.day, to: file.day })) if (accept(record)) day.push(entryOf(record));
    for (let i = day.length - 1; i >= 0 && rows < n; i--) {
      const entry = day[i]!;
      const take = Math.min(entry.rows.length, n - rows);
      const cut = entry.rows.length - take;
      entries.push(cut > 0 ? { record: entry.record, rows: entry.rows.slice(cut), offset: cut } : entry);
      rows += take;
    }
    if (rows >= n) break;
  }
  return entries.reverse();
}

async function lastHoursOfLog(dir: string, from: number, to: number, accept: RecordFilter): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const record of readPredictionLog(dir, { from: new Date(from).toISOString().slice(0, 10) })) {
    const time = Date.parse(record.time);
    if (time >= from && time <= to && accept(record)) entries.push(entryOf(record));
  }
  return entries;
}

/** The newest table files of a folder: the last N rows, or the files changed in the last N hours. */
export async function folderWindow(folder: string, window: MonitorWindow, now: number, sample: TableSample): Promise<CurrentWindow> {
  const names = await readdir(folder).catch(() => {
    throw notFound(`The monitor's folder ${folder} does not exist.`);
  });
  const files = (
    await Promise.all(
      names
        .filter((name) => tableFormatOf(name))
        .map(async (name) => {
          const info = await stat(join(folder, name));
          return info.isFile() ? { path: join(folder, name), mtime: info.mtimeMs } : undefined;
        }),
    )
  )
    .filter((f) => f !== undefined)
    .sort((a, b) => a.mtime - b.mtime);
  let chosen: { path: string; mtime: number; chunks: ColumnChunk[] }[] = [];
  if ('rows' in window) {
    let rows = 0;
    for (let i = files.length - 1; i >= 0 && rows < window.rows; i--) {
      chosen.unshift({ ...files[i]!, chunks: lastRowsOf(await readAll(files[i]!.path), window.rows - rows) });
      rows += chosen[0]!.chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
    }
  } else {
    const from = now - window.hours * HOUR_MS;
    chosen = await Promise.all(files.filter((f) => f.mtime >= from).map(async (f) => ({ ...f, chunks: await readAll(f.path) })));
  }
  for (const file of chosen) for (const chunk of file.chunks) sample.addChunk(chunk);
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  return { sample, from: iso(chosen[0]?.mtime), to: iso(chosen.at(-1)?.mtime) };
}

async function readAll(path: string): Promise<ColumnChunk[]> {
  const chunks: ColumnChunk[] = [];
  for await (const chunk of readColumnChunks(path)) chunks.push(chunk);
  return chunks;
}
