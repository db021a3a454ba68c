import type { SqlDriver } from '../store';
import type { DatasetUsage } from '../../shared/data';

/**
 * Which runs read each version of a dataset (their `mlops.data.<path>` tag names its md5) and
 * which registered model versions were trained on it (their lineage names it), by md5.
 */
export function versionUsage(db: SqlDriver, path: string): Map<string, DatasetUsage> {
  const usage = new Map<string, DatasetUsage>();
  const of = (md5: string): DatasetUsage => {
    let u = usage.get(md5);
    if (!u) usage.set(md5, (u = { runs: [], models: [] }));
    return u;
  };
  const runs = db.all<{ run_uuid: string; name: string | null; value: string }>(
    "SELECT t.run_uuid, r.name, t.value FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid WHERE t.key = ? AND r.lifecycle_stage = 'active' ORDER BY r.start_time DESC",
    [`mlops.data.${path}`],
  );
  for (const r of runs) of(r.value.split(' ').pop()!).runs.push({ runId: r.run_uuid, runName: r.name ?? r.run_uuid.slice(0, 8) });
  const models = db.all<{ name: string; version: number; data_versions: string }>(
    'SELECT name, version, data_versions FROM model_versions WHERE instr(data_versions, ?) > 0 ORDER BY name, version',
    [JSON.stringify(path)],
  );
  for (const m of models) {
    for (const ref of JSON.parse(m.data_versions) as { path: string; md5?: string | null }[]) {
      if (ref.path === path && ref.md5) of(ref.md5).models.push({ name: m.name, version: m.version });
    }
  }
  return usage;
}
