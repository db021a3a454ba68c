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
