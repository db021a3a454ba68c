import type { ColumnComparison, ColumnStats, VersionComparison } from '../../../shared/data-compare';
import type { ColumnType as TableColumnType, DatasetVersion } from '../../../shared/data';
import type { ColumnDriftResult } from '../types';
import type { ColumnProfile } from '../column-profile';
import type { Value } from '../values';
import { TableProfile } from '../table-profile';
import { datasetDrift } from '../column-drift';
import { profileDatasetDrift } from '../profile-drift';
import { notFound } from '../../errors';
import type { DatasetRepository } from '../../data';
import { diffVersions } from '../../data';
import { tableFormatOf } from '../../data';
import { readColumnChunks } from '../../table';
import type { ColumnChunk } from '../../table';
import { valuesOfChunks } from '../chunk-values';
import type { TableFormat } from '../../data';

/** Up to this many rows per version keep their raw values, so drift tests are exact; beyond, profiles (sketches) answer. */
const EXACT_ROWS = 200_000;

interface Side {
  rows: number;
  profile: TableProfile;
  /** Raw values per column while the version is small enough. */
  values: Map<string, Value[]> | undefined;
}

/** One version read through the table engine: its profile, and its chunks while they are few enough for exact tests. */
async function readSide(path: string, format: TableFormat): Promise<Side> {
  const profile = new TableProfile();
  let chunks: ColumnChunk[] | undefined = [];
  let rows = 0;
  for await (const chunk of readColumnChunks(path, { format })) {
    profile.addChunk(chunk);
    rows += chunk.rowCount;
    chunks = rows > EXACT_ROWS ? undefined : chunks?.concat(chunk);
  }
  return { rows, profile, values: chunks ? new Map(Object.entries(valuesOfChunks(chunks))) : undefined };
}

function statsOf(profile: ColumnProfile | undefined, type: TableColumnType | undefined): ColumnStats | null {
  if (!profile) return null;
  const numeric = profile.isNumeric && profile.count - profile.toJSON().missing > 0;
  const data = profile.toJSON();
  return {
    type: type ?? (numeric ? 'float' : 'string'),
    count: profile.count,
    missing: data.missing,
    unique: profile.distinctCount,
    mean: numeric ? data.mean : null,
    std: numeric ? profile.standardDeviation : null,
    min: numeric ? data.min : null,
    max: numeric ? data.max : null,
    top: numeric ? [] : profile.top(5).map((t) => ({ value: t.category, count: t.count })),
  };
}

function driftScore(result: ColumnDriftResult | undefined): ColumnComparison['drift'] {
  if (!result || result.statistic === null || result.noData) return null;
  return { test: result.test, statistic: result.statistic, pValue: result.pValue ?? null, threshold: result.threshold ?? 0, drifted: result.drifted };
}

const typeOf = (v: DatasetVersion, column: string): TableColumnType | undefined => v.summary?.columns.find((c) => c.name === column)?.type;

/**
 * Two versions of a dataset side by side: for tables, rows, schema changes, per-column
 * statistics and a drift score per column (Evidently's default tests, the older version as
 * reference); for folders, the files added, removed and modified.
 */
export async function compareVersions(repo: DatasetRepository, path: string, fromRef?: string, toRef?: string): Promise<VersionComparison> {
  const diff = await diffVersions(repo, path, fromRef, toRef);
  const { from, to } = diff;
  const base: VersionComparison = { path: from.path, from, to, table: null, files: diff.files ?? null };
  const format = tableFormatOf(from.path);
  if (from.md5.endsWith('.dir') || to.md5.endsWith('.dir') || !format) return base;
  for (const v of [from, to]) if (!(await repo.cache.has(v.md5))) throw notFound(`v${v.version} of ${path} is not in the cache; pull it first (mlops data pull).`);
  const [a, b] = await Promise.all([readSide(repo.cache.objectPath(from.md5), format), readSide(repo.cache.objectPath(to.md5), format)]);
  const names = [...new Set([...a.profile.columns.keys(), ...b.profile.columns.keys()])];
  const shared = names.filter((n) => a.profile.columns.has(n) && b.profile.columns.has(n));
  const exact = a.values && b.values;
  const drift = exact
    ? datasetDrift(Object.fromEntries(shared.map((n) => [n, a.values!.get(n)!])), Object.fromEntries(shared.map((n) => [n, b.values!.get(n)!])))
    : profileDatasetDrift(a.profile, b.profile, { columns: shared });
  const byColumn = new Map(drift.columns.map((c) => [c.column, c]));
  const columns: ColumnComparison[] = names.map((name) => {
    const inFrom = a.profile.columns.has(name);
    const inTo = b.profile.columns.has(name);
    const fromType = typeOf(from, name);
    const toType = typeOf(to, name);
    return {
      name,
      status: !inFrom ? 'added' : !inTo ? 'removed' : fromType && toType && fromType !== toType ? 'retyped' : 'same',
      from: statsOf(a.profile.column(name), fromType),
      to: statsOf(b.profile.column(name), toType),
      drift: inFrom && inTo ? driftScore(byColumn.get(name)) : null,
    };
  });
  return {
    ...base,
    table: { rows: { from: a.rows, to: b.rows }, columns, driftedShare: drift.testedColumns > 0 ? drift.driftedShare : null, approximate: !exact },
  };
}
