/** How `mlops models list` and `register` print models and versions (pure, unit-tested). */
import type { DataVersionRefLike } from '../../shared/data-version-label';
import { dataVersionLabel } from '../../shared/data-version-label';

export interface VersionJson {
  version: string;
  source: string;
  /** MLflow's legacy stage; "None" when the version has none (aliases replace stages). */
  current_stage?: string;
  run_id?: string;
  aliases?: string[];
  mlops: {
    size: number | null;
    sha256: string | null;
    git_commit: string | null;
    data_versions: DataVersionRefLike[];
    validation?: { passed: boolean; metrics?: Record<string, unknown> } | null;
    /** False for a version recorded by reference to a model not on this machine. */
    available?: boolean;
    unavailable_reason?: string;
  };
}

export interface ModelJson {
  name: string;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: VersionJson[];
  aliases?: { alias: string; version: string }[];
}

const HEADLINE = ['accuracy', 'f1', 'roc_auc', 'r2', 'rmse', 'mae'];

function validationText(validation: VersionJson['mlops']['validation']): string | undefined {
  if (!validation) return undefined;
  const metrics = validation.metrics ?? {};
  const key = HEADLINE.find((k) => typeof metrics[k] === 'number');
  const value = key ? ` ${key} ${Number((metrics[key] as number).toPrecision(4))}` : '';
  return `${validation.passed ? 'validated' : 'validation failed'}${value}`;
}

/** `v2  1,234 bytes  sha256 …  run 1a2b3c4d  git 5e6f7a8b  data data/weather.csv v3  validated accuracy 0.77`. */
export function describeVersion(v: VersionJson): string {
  const parts = [`v${v.version}`];
  if (v.current_stage && v.current_stage !== 'None') parts.push(`stage ${v.current_stage}`);
  if (v.mlops.available === false) parts.push(`not available locally (${v.mlops.unavailable_reason ?? v.source})`);
  if (v.mlops.size !== null) parts.push(`${v.mlops.size} bytes`);
  if (v.mlops.sha256) parts.push(`sha256 ${v.mlops.sha256.slice(0, 12)}`);
  if (v.run_id) parts.push(`run ${v.run_id.slice(0, 8)}`);
  if (v.mlops.git_commit) parts.push(`git ${v.mlops.git_commit.slice(0, 8)}`);
  if (v.mlops.data_versions.length > 0) parts.push(`data ${v.mlops.data_versions.map(dataVersionLabel).join(', ')}`);
  const validation = validationText(v.mlops.validation);
  if (validation) parts.push(validation);
  return parts.join('  ');
}

/** `weather  v2  …  @champion→v1  updated 2025-01-02 03:04:05`: one line per model, its newest version. */
export function describeModel(m: ModelJson): string {
  const latest = (m.latest_versions ?? []).reduce<VersionJson | undefined>((best, v) => (!best || Number(v.version) > Number(best.version) ? v : best), undefined);
  const aliases = (m.aliases ?? []).map((a) => `@${a.alias}→v${a.version}`).join(' ');
  const updated = new Date(m.last_updated_timestamp).toISOString().replace('T', ' ').slice(0, 19);
  return [m.name, latest ? describeVersion(latest) : 'no versions', aliases, `updated ${updated}`].filter(Boolean).join('  ');
}
