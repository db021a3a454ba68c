import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetRepository } from '../../../src/core/data';
import type { DatasetVersion } from '../../../src/core/data';
import { predictionLogDir } from '../../../src/core/models';
import { predictionRecordPieces } from '../../../src/core/models/serving/prediction-record';
import { Store } from '../../../src/core/store';
import type { WorkspacePaths } from '../../../src/core/workspace';
import type { MonitorConfig } from '../../../src/core/monitoring';
import { workspacePaths } from '../../../src/core/workspace';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

export const COLUMNS = ['temp', 'humidity', 'city'] as const;
export type WeatherRow = { temp: number; humidity: number; city: string };

/** Weather rows: temp ~ N(20 + shift, 3), humidity ~ N(60 + shift, 8), city mostly a and b (c when shifted). */
export function weatherRows(count: number, seed: number, shift = 0): WeatherRow[] {
  const uniform = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const cities = shift === 0 ? ['a', 'b'] : ['c', 'c', 'b'];
  return Array.from({ length: count }, () => ({
    temp: Math.round((20 + shift + 3 * normal()) * 100) / 100,
    humidity: Math.round((60 + shift + 8 * normal()) * 100) / 100,
    city: cities[Math.floor(uniform() * cities.length)]!,
  }));
}

export interface MonitorWorkspace {
  paths: WorkspacePaths;
  store: Store;
  reference: DatasetVersion;
  close(): void;
}

/** A workspace with data/weather.csv (with a label column `rain`) tracked as v1, and mlops.yaml as given. */
export async function monitorWorkspace(yaml: string): Promise<MonitorWorkspace> {
  const paths = workspacePaths(tempDir());
  mkdirSync(join(paths.root, 'data'));
  const rows = weatherRows(500, 1);
  writeFileSync(join(paths.root, 'data', 'weather.csv'), ['temp,humidity,city,rain', ...rows.map((r, i) => `${r.temp},${r.humidity},${r.city},${i % 3 === 0}`)].join('\n') + '\n');
  writeFileSync(paths.config, yaml);
  const store = Store.open(paths.db);
  const { version } = await new DatasetRepository(store.db, paths.root).add('data/weather.csv');
  return { paths, store, reference: version, close: () => store.close() };
}

export interface LoggedRequest {
  time: Date;
  rows?: readonly WeatherRow[];
  status?: number;
  latencyMs?: number;
  /** The registry version that answered ('1' by default); null when served from a file. */
  version?: string | null;
  requestId?: string;
  /** The answer's "predictions" value; by default 1 where humidity > 65, else 0. */
  predictions?: unknown;
}

/** Appends requests to the model's prediction log, each line as the server writes it (dataframe_split bodies). */
export function logRequests(paths: WorkspacePaths, model: string, requests: readonly LoggedRequest[]): void {
  const dir = predictionLogDir(paths.mlopsDir, model);
  mkdirSync(dir, { recursive: true });
  requests.forEach((request, i) => {
    const time = request.time.toISOString();
    const rows = request.rows ?? [];
    const status = request.status ?? 200;
    const pieces = predictionRecordPieces({
      requestId: request.requestId ?? `r${i}`,
      time,
      model: { name: model, version: request.version === undefined ? '1' : request.version, alias: 'live' },
      status,
      latencyMs: request.latencyMs ?? 5,
      format: 'dataframe_split',
      ...(status < 400 && { rows: rows.length, predictions: Buffer.from(JSON.stringify(request.predictions ?? rows.map((r) => (r.humidity > 65 ? 1 : 0)))) }),
      requestJson: JSON.stringify({ dataframe_split: { columns: [...COLUMNS], data: rows.map((r) => COLUMNS.map((c) => r[c])) } }),
      ...(status >= 400 && { error: { error_code: 'INTERNAL_ERROR', message: 'boom' } }),
    });
    appendFileSync(join(dir, `${time.slice(0, 10)}.jsonl`), Buffer.concat(pieces));
  });
}

/** `count` requests of `perRequest` rows each, a second apart, ending at `end`. */
export function requestsOf(rows: readonly WeatherRow[], perRequest: number, end: Date, latencyMs = 5): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  const count = Math.ceil(rows.length / perRequest);
  for (let i = 0; i < count; i++) {
    requests.push({ time: new Date(end.getTime() - (count - 1 - i) * 1000), rows: rows.slice(i * perRequest, (i + 1) * perRequest), latencyMs });
  }
  return requests;
}

/** A monitor of weather@live against data/weather.csv, with the config parser's defaults. */
export function monitorConfig(fields: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    name: 'weather-drift',
    model: 'weather@live',
    reference: { path: 'data/weather.csv' },
    source: { kind: 'predictions' },
    window: { rows: 200 },
    minRows: 1,
    onNewData: false,
    drift: { share: 0.5, correction: 'none', columns: {} },
    alerts: [],
    ...fields,
  };
}
