import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ParsedInput } from '../scoring';
import { requestOfCsv, requestOfJson } from '../scoring';
import { dayFiles } from './log-retention';
import type { PredictionRecord } from './prediction-record';

/** The folder of a model's prediction log: <mlopsDir>/predictions/<model, made safe as a folder name>. */
export function predictionLogDir(mlopsDir: string, modelName: string): string {
  const safe = modelName.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_').slice(0, 100);
  return join(mlopsDir, 'predictions', safe === '' ? '_' : safe);
}

/** The records of a model's log, oldest day first, optionally limited to days [from, to] (yyyy-mm-dd). */
export async function* readPredictionLog(dir: string, days: { from?: string; to?: string } = {}): AsyncGenerator<PredictionRecord> {
  for (const file of dayFiles(dir)) {
    if ((days.from && file.day < days.from) || (days.to && file.day > days.to)) continue;
    const lines = createInterface({ input: createReadStream(file.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as PredictionRecord;
      } catch {
        // a line cut short by a crash: skip it
      }
    }
  }
}

/** What the request asked to score, parsed as the server parsed it; undefined for records without a readable body. */
export function recordInput(record: PredictionRecord): ParsedInput | undefined {
  try {
    if (record.format === 'csv' && record.request_text !== undefined) return requestOfCsv(record.request_text).input;
    if (record.request !== undefined) return requestOfJson(record.request).input;
  } catch {
    return undefined;
  }
  return undefined;
}
