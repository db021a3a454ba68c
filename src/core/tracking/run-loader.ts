import type { SqlDriver } from '../store';
import type { MetricRepository } from './metrics';
import type { RunInputRepository } from './run-inputs';
import type { KeyValue, ModelOutput, Run, RunInfo } from './types';

/** Ids per IN (...) list: well under SQLite's bound-parameter limit. */
const CHUNK = 500;

/**
 * Runs with their data, for a page of them at once: a fixed number of queries per 500 runs
 * (latest metrics, params, tags, dataset inputs and their tags, model inputs, outputs), not per run.
 */
export function loadRuns(db: SqlDriver, metrics: MetricRepository, inputs: RunInputRepository, infos: readonly RunInfo[]): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < infos.length; i += CHUNK) out.push(...loadChunk(db, metrics, inputs, infos.slice(i, i + CHUNK)));
  return out;
}

function loadChunk(db: SqlDriver, metrics: MetricRepository, inputs: RunInputRepository, infos: readonly RunInfo[]): Run[] {
  const ids = infos.map((info) => info.runId);
  const latest = metrics.latestOfRuns(ids);
  const params = byRun<KeyValue>(db, 'SELECT run_uuid, key, value FROM params WHERE run_uuid IN (?) ORDER BY run_uuid, key', ids, ({ key, value }) => ({ key, value }));
  const tags = byRun<KeyValue>(db, 'SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (?) ORDER BY run_uuid, key', ids, ({ key, value }) => ({ key, value }));
  const outputs = byRun<ModelOutput>(db, 'SELECT run_uuid, model_id, step FROM run_outputs WHERE run_uuid IN (?) ORDER BY run_uuid, model_id', ids, (r) => ({
    modelId: String(r.model_id),
    step: Number(r.step),
  }));
  const runInputs = inputs.inputsOfRuns(ids);
  return infos.map((info) => ({
    info,
    data: { metrics: latest.get(info.runId) ?? [], params: params.get(info.runId) ?? [], tags: tags.get(info.runId) ?? [] },
    inputs: runInputs.get(info.runId)!,
    outputs: { modelOutputs: outputs.get(info.runId) ?? [] },
  }));
}

/** Rows of `sql` (its one `IN (?)` expanded to the ids), grouped by their run_uuid. */
function byRun<T>(db: SqlDriver, sql: string, ids: readonly string[], map: (row: Record<string, string | number> & { key: string; value: string }) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  const rows = db.all<Record<string, string | number> & { run_uuid: string; key: string; value: string }>(sql.replace('IN (?)', `IN (${ids.map(() => '?').join(',')})`), [...ids]);
  for (const row of rows) {
    const list = out.get(row.run_uuid);
    if (list) list.push(map(row));
    else out.set(row.run_uuid, [map(row)]);
  }
  return out;
}
