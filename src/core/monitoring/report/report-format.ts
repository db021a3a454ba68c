import type { MonitorColumnResult } from '../monitors/types';

/** Four significant digits; "-" for no value. */
export const formatNumber = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : Number(value.toPrecision(4)).toString());

const TEST_NAMES: Record<MonitorColumnResult['test'], string> = {
  ks: 'K-S p-value',
  chi2: 'chi-square p-value',
  z: 'Z-test p-value',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen-Shannon',
  psi: 'PSI',
  none: 'none',
};

export const testLabel = (test: MonitorColumnResult['test']): string => TEST_NAMES[test];

const BASIS_NAMES: Record<MonitorColumnResult['basis'], string> = {
  values: 'exact, every value',
  'value-counts': 'exact, complete value counts',
  'frozen-bins': 'approximate, bins frozen from the reference',
  sketch: 'approximate, quantile sketch / top categories',
};

export const basisLabel = (basis: MonitorColumnResult['basis']): string => BASIS_NAMES[basis];

/** Which columns each method computed, e.g. "exact, every value: a, b; approximate, quantile sketch / top categories: c". */
export function methodsByColumn(columns: readonly Pick<MonitorColumnResult, 'column' | 'basis' | 'noData'>[]): string {
  const groups = new Map<string, string[]>();
  for (const c of columns) if (!c.noData) groups.set(basisLabel(c.basis), [...(groups.get(basisLabel(c.basis)) ?? []), c.column]);
  return [...groups].map(([label, names]) => `${label}: ${names.join(', ')}`).join('; ');
}
