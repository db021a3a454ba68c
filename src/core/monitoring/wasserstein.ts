// First Wasserstein (earth mover's) distance between two 1-D samples, as
// scipy.stats.wasserstein_distance: ∫ |U(x) − V(x)| dx over the empirical CDFs U and V.
import type { WeightedSample } from './weighted-sample';
import { walkCumulativeWeights } from './weighted-sample';

export function wassersteinDistance(u: WeightedSample, v: WeightedSample): number {
  let distance = 0;
  let previousValue = Number.NaN;
  let previousGap = 0;
  walkCumulativeWeights(u, v, (value, cumulativeU, cumulativeV) => {
    if (!Number.isNaN(previousValue)) distance += previousGap * (value - previousValue);
    previousValue = value;
    previousGap = Math.abs(cumulativeU / u.total - cumulativeV / v.total);
  });
  return distance;
}
