import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  columnDrift,
  fillEmptyShares,
  histogramCounts,
  jensenShannonDistance,
  populationStabilityIndex,
  sampleOfNumbers,
  sturgesBinEdges,
  wassersteinDistance,
} from '../../../src/core/monitoring';
import { normalSample, relativelyClose } from './fixtures';

const shares = (...values: number[]): Float64Array => Float64Array.from(values);

describe('Wasserstein distance', () => {
  it('is the area between the empirical CDFs (scipy.stats.wasserstein_distance)', () => {
    assert.equal(wassersteinDistance(sampleOfNumbers([0, 1, 3]), sampleOfNumbers([5, 6, 8])), 5);
    assert.equal(wassersteinDistance(sampleOfNumbers([0, 1]), sampleOfNumbers([0, 1, 2, 3])), 1);
    assert.equal(wassersteinDistance(sampleOfNumbers([2, 2, 2]), sampleOfNumbers([2])), 0);
  });

  it('is divided by the reference population standard deviation in drift (scipy 0.30025842192099855 / numpy.std 2.0234172382500195)', () => {
    const reference = normalSample(3000, 10, 2, 11);
    const current = normalSample(2500, 10.4, 2.2, 12);
    assert.ok(relativelyClose(wassersteinDistance(sampleOfNumbers(reference), sampleOfNumbers(current)), 0.30025842192099855, 1e-12));
    const result = columnDrift(reference, current);
    assert.equal(result.test, 'wasserstein');
    assert.ok(relativelyClose(result.statistic!, 0.14839174849606462, 1e-12));
    assert.equal(result.drifted, true); // ≥ 0.1
    assert.equal(result.pValue, undefined);
  });
});

describe('Jensen–Shannon distance', () => {
  it('matches scipy.spatial.distance.jensenshannon', () => {
    assert.ok(relativelyClose(jensenShannonDistance(shares(1, 0), shares(0.5, 0.5)), 0.464501404022459, 1e-14));
    assert.ok(relativelyClose(jensenShannonDistance(shares(1, 0), shares(0, 1)), Math.sqrt(Math.LN2), 1e-14));
    assert.ok(relativelyClose(jensenShannonDistance(shares(1, 0, 0), shares(0, 1, 0), 2), 1, 1e-14));
    assert.equal(jensenShannonDistance(shares(1, 0, 0), shares(1, 0, 0)), 0);
  });

  it('normalizes its inputs', () => {
    assert.ok(relativelyClose(jensenShannonDistance(shares(2, 0), shares(3, 3)), 0.464501404022459, 1e-14));
  });
});

describe('population stability index', () => {
  it('is 2.93 for raw reference values [3,2,2] against current [1,2,3]', () => {
    // Bins are the value set {1,2,3}: reference shares [0, 2/3, 1/3] (0 → 0.0001), current [1/3, 1/3, 1/3].
    // Σ (r − c)·ln(r/c) = 2.9341472484810085 (numpy, same formula as Evidently's psi).
    const result = columnDrift([3, 2, 2], [1, 2, 3], { test: 'psi' });
    assert.equal(result.test, 'psi');
    assert.ok(relativelyClose(result.statistic!, 2.9341472484810085, 1e-12));
    assert.ok(Math.abs(result.statistic! - 2.93) <= 0.01);
    assert.equal(result.drifted, true);
  });

  it('is 0.3746 when [3,2,2] and [1,2,3] are read as category counts instead', () => {
    // Shares [3/7, 2/7, 2/7] vs [1/6, 2/6, 3/6]: the other reading of the same numbers, far from 2.93.
    const psi = populationStabilityIndex(shares(3 / 7, 2 / 7, 2 / 7), shares(1 / 6, 2 / 6, 3 / 6));
    assert.ok(relativelyClose(psi, 0.3746171701981592, 1e-12));
  });

  it('fills empty bins with 0.0001, or a millionth of a smaller share', () => {
    assert.deepEqual([...fillEmptyShares(shares(0, 0.5, 0.5))], [0.0001, 0.5, 0.5]);
    assert.deepEqual([...fillEmptyShares(shares(0, 0.99995, 0.00005))], [0.00005 / 1e6, 0.99995, 0.00005]);
  });

  it('bins numeric columns with many values by Sturges over both sides (numpy 0.024270435392586553)', () => {
    const result = columnDrift(normalSample(3000, 10, 2, 11), normalSample(2500, 10.4, 2.2, 12), { test: 'psi' });
    assert.ok(relativelyClose(result.statistic!, 0.024270435392586553, 1e-10));
    assert.equal(result.drifted, false);
    const js = columnDrift(normalSample(3000, 10, 2, 11), normalSample(2500, 10.4, 2.2, 12), { test: 'jensenshannon' });
    assert.ok(relativelyClose(js.statistic!, 0.054855492847347205, 1e-10));
  });
});

describe('Sturges bins', () => {
  it('lays out numpy.histogram_bin_edges(bins="sturges")', () => {
    assert.deepEqual([...sturgesBinEdges(0, 99, 100)], [0, 12.375, 24.75, 37.125, 49.5, 61.875, 74.25, 86.625, 99]);
    const edges64 = [0, 0.14285714285714285, 0.2857142857142857, 0.42857142857142855, 0.5714285714285714, 0.7142857142857142, 0.8571428571428571, 1];
    assert.deepEqual([...sturgesBinEdges(0, 1, 64)], edges64);
    assert.deepEqual([...sturgesBinEdges(5, 5, 10)], [4.5, 5.5]);
  });

  it('counts as numpy.histogram: half-open bins, the last one closed', () => {
    const counts = histogramCounts(sampleOfNumbers([0, 1, 1, 2, 3, 4, 4, 9]), Float64Array.from([0, 2, 4]));
    assert.deepEqual([...counts], [3, 4]);
  });

  it('reproduces numpy.histogram on the fixture', () => {
    const reference = normalSample(3000, 10, 2, 11);
    const both = [...reference, ...normalSample(2500, 10.4, 2.2, 12)];
    const edges = sturgesBinEdges(Math.min(...both), Math.max(...both), both.length);
    assert.equal(edges.length - 1, 14);
    assert.deepEqual([...histogramCounts(sampleOfNumbers(reference), edges)], [5, 19, 59, 165, 352, 544, 648, 569, 334, 208, 65, 25, 5, 2]);
  });
});
