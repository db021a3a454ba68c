import { datasetDrift } from '../column-drift';
import { profileDatasetDrift } from '../profile-drift';
import type { TableProfile } from '../table-profile';
import type { DatasetDriftOptions, DatasetDriftResult } from '../types';
import type { TableSample } from './table-sample';
import type { DriftSummary, MonitorColumnResult } from './types';

/**
 * Drift of the current side against the reference, with each column's histogram: on every value
 * when both sides stayed within the raw-value limit, else on profiles, the current one counted on
 * bins frozen from the reference's profile.
 */
export function compareSamples(reference: TableSample, current: TableSample, options: DatasetDriftOptions, referenceProfile: () => TableProfile): DriftSummary {
  const withHistograms = { ...options, histogram: true };
  const [referenceValues, currentValues] = [reference.values, current.values];
  if (referenceValues && currentValues) return driftSummary(datasetDrift(referenceValues, currentValues, withHistograms), 'values');
  const currentProfile = current.toProfile({ frozenBins: referenceProfile().freezeBins() });
  return driftSummary(profileDatasetDrift(referenceProfile(), currentProfile, withHistograms), 'profiles');
}

export function driftSummary(drift: DatasetDriftResult, method: 'values' | 'profiles'): DriftSummary {
  const columns = drift.columns.map(
    (c): MonitorColumnResult => ({
      column: c.column ?? '',
      test: c.test,
      statistic: c.statistic,
      ...(c.pValue !== undefined && { pValue: c.pValue }),
      ...(c.adjustedPValue !== undefined && { adjustedPValue: c.adjustedPValue }),
      threshold: c.threshold,
      drifted: c.drifted,
      basis: c.basis,
      currentMissingShare: c.currentMissingShare,
      ...(c.noData && { noData: c.noData }),
      ...(c.histogram && { histogram: c.histogram }),
    }),
  );
  return { columns, testedColumns: drift.testedColumns, driftedColumns: drift.driftedColumns, drifted: drift.drifted, correction: drift.correction, method };
}
