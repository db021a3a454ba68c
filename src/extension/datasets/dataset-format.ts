/** Formatting of datasets for the Datasets view (pure, unit-testable). */
import type { DatasetInfo, DatasetVersion } from '../../shared/data';

export type WireVersion = DatasetVersion;
export type WireDataset = DatasetInfo;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function relativeTime(time: number, now = Date.now()): string {
  const s = Math.round((now - time) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function versionShape(v: WireVersion): string {
  if (v.summary) return `${v.summary.rows.toLocaleString('en')} rows × ${v.summary.columns.length} cols`;
  return v.nfiles !== null ? `${v.nfiles.toLocaleString('en')} file${v.nfiles === 1 ? '' : 's'}` : '';
}
