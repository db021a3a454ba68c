import { notFound } from '../../errors';
import type { SqlDriver, SqlValue } from '../../store';
import type { RetrainStatus, RetrainTrigger } from '../../../shared/monitors';

/** Statuses of a retrain still under way: a monitor has at most one trigger in them. */
export const ACTIVE_STATUSES: readonly RetrainStatus[] = ['pending', 'running', 'validating'];

export interface NewTrigger {
  monitor: string;
  reason: string;
  alertId?: number;
  policy: 'ask' | 'auto';
  status: RetrainStatus;
  time: number;
  /** The VS Code task that retrains (mlops.yaml retrain.task), recorded so a later edit of the config cannot change what a trigger runs. */
  task?: string;
}

/** What a step of the retrain changes; undefined leaves a field as it is. */
export type TriggerChange = Partial<Pick<RetrainTrigger, 'status' | 'runId' | 'dataVersion' | 'modelVersion' | 'decision'>>;

interface TriggerRow {
  id: number;
  monitor: string;
  reason: string;
  alert_id: number | null;
  policy: string;
  status: string;
  created_at: number;
  updated_at: number;
  run_id: string | null;
  data_path: string | null;
  data_version: number | null;
  data_md5: string | null;
  model_name: string | null;
  model_version: string | null;
  decision: string | null;
  task: string | null;
}

/** Retraining triggers (table retrain_triggers): what started each retrain, its run, data and model versions, and the decision. */
export class RetrainTriggerStore {
  constructor(private readonly db: SqlDriver) {}

  create(trigger: NewTrigger): RetrainTrigger {
    const { lastInsertRowid } = this.db.run('INSERT INTO retrain_triggers (monitor, reason, alert_id, policy, status, created_at, updated_at, task) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      trigger.monitor,
      trigger.reason,
      trigger.alertId ?? null,
      trigger.policy,
      trigger.status,
      trigger.time,
      trigger.time,
      trigger.task ?? null,
    ]);
    return this.get(lastInsertRowid);
  }

  update(id: number, change: TriggerChange, time: number): RetrainTrigger {
    const columns: [string, SqlValue][] = [['updated_at', time]];
    if (change.status !== undefined) columns.push(['status', change.status]);
    if (change.runId !== undefined) columns.push(['run_id', change.runId]);
    if (change.dataVersion !== undefined) columns.push(['data_path', change.dataVersion.path], ['data_version', change.dataVersion.version], ['data_md5', change.dataVersion.md5]);
    if (change.modelVersion !== undefined) columns.push(['model_name', change.modelVersion.name], ['model_version', change.modelVersion.version]);
    if (change.decision !== undefined) columns.push(['decision', change.decision]);
    const { changes } = this.db.run(`UPDATE retrain_triggers SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [...columns.map(([, v]) => v), id]);
    if (changes === 0) throw notFound(`No retrain trigger ${id}; list them with mlops retrain list.`);
    return this.get(id);
  }

  /** Moves a pending trigger to running; false when someone else answered it first. */
  claimPending(id: number, time: number): boolean {
    return this.db.run("UPDATE retrain_triggers SET status = 'running', updated_at = ? WHERE id = ? AND status = 'pending'", [time, id]).changes === 1;
  }

  get(id: number): RetrainTrigger {
    const row = this.db.get<TriggerRow>('SELECT * FROM retrain_triggers WHERE id = ?', [id]);
    if (!row) throw notFound(`No retrain trigger ${id}; list them with mlops retrain list.`);
    return toTrigger(row);
  }

  /** Newest first; of one monitor when named. */
  list(monitor?: string, limit = 100): RetrainTrigger[] {
    const rows =
      monitor === undefined
        ? this.db.all<TriggerRow>('SELECT * FROM retrain_triggers ORDER BY created_at DESC, id DESC LIMIT ?', [limit])
        : this.db.all<TriggerRow>('SELECT * FROM retrain_triggers WHERE monitor = ? ORDER BY created_at DESC, id DESC LIMIT ?', [monitor, limit]);
    return rows.map(toTrigger);
  }

  /** The monitor's trigger that is pending, running or validating, if any. */
  active(monitor: string): RetrainTrigger | undefined {
    const row = this.db.get<TriggerRow>(
      `SELECT * FROM retrain_triggers WHERE monitor = ? AND status IN (${ACTIVE_STATUSES.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`,
      [monitor, ...ACTIVE_STATUSES],
    );
    return row ? toTrigger(row) : undefined;
  }

  /** Triggers in one of `statuses`, oldest first. */
  withStatus(statuses: readonly RetrainStatus[]): RetrainTrigger[] {
    return this.db.all<TriggerRow>(`SELECT * FROM retrain_triggers WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY id`, [...statuses]).map(toTrigger);
  }
}

function toTrigger(row: TriggerRow): RetrainTrigger {
  return {
    id: row.id,
    monitor: row.monitor,
    reason: row.reason,
    ...(row.alert_id !== null && { alertId: row.alert_id }),
    policy: row.policy === 'auto' ? 'auto' : 'ask',
    status: row.status as RetrainStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.run_id !== null && { runId: row.run_id }),
    ...(row.data_path !== null && row.data_version !== null && row.data_md5 !== null && { dataVersion: { path: row.data_path, version: row.data_version, md5: row.data_md5 } }),
    ...(row.model_name !== null && row.model_version !== null && { modelVersion: { name: row.model_name, version: row.model_version } }),
    ...(row.decision !== null && { decision: row.decision }),
    ...(row.task !== null && { task: row.task }),
  };
}
