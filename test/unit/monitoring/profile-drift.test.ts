import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ColumnProfile,
  TableProfile,
  columnDrift,
  datasetDrift,
  histogramCounts,
  populationStabilityIndex,
  fillEmptyShares,
  profileColumnDrift,
  profileDatasetDrift,
  sampleOfNumbers,
  wassersteinDistance,
} from '../../../src/core/monitoring';
import type { ColumnProfileOptions, Value } from '../../../src/core/monitoring';
import { categorySample, normalSample, relativelyClose, seededUniform } from './fixtures';

function profileOf(values: readonly Value[], options: ColumnProfileOptions = {}): ColumnProfile {
  const profile = new ColumnProfile(options);
  for (const value of values) profile.add(value);
  return profile;
}

/** A deterministic Fisher–Yates shuffle. */
function shuffled<T>(values: T[], seed: number): T[] {
  const uniform = seededUniform(seed);
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The result without the fields that say how it was computed. */
function verdict(result: ReturnType<typeof columnDrift>): object {
  const { exact: _exact, basis: _basis, ...rest } = result;
  return rest;
}

describe('profileColumnDrift from complete value counts', () => {
  const cases: [string, Value[], Value[], object?][] = [
    ['numeric KS', normalSample(400, 0, 1, 61, 2), normalSample(300, 0.2, 1, 62, 2)],
    ['numeric Wasserstein', normalSample(1500, 0, 1, 63, 1), normalSample(500, 0.1, 1, 64, 1)],
    ['numeric PSI (Sturges bins)', normalSample(1500, 0, 1, 63, 1), normalSample(500, 0.1, 1, 64, 1), { test: 'psi' }],
    ['few numbers, chi-square', [1, 2, 3, 3, '2', null], [1, 1, 3, 2, 2.0]],
    ['categorical Jensen–Shannon', categorySample(1200, ['a', 'b', 'c'], [3, 2, 1], 65), categorySample(400, ['a', 'b', 'c', 'd'], [2, 2, 1, 1], 66)],
  ];
  for (const [name, reference, current, options] of cases) {
    it(`equals columnDrift on the raw values: ${name}`, () => {
      const fromValues = columnDrift(reference, current, options);
      const fromProfiles = profileColumnDrift(profileOf(reference), profileOf(current), options);
      assert.equal(fromProfiles.exact, true);
      assert.equal(fromProfiles.basis, 'value-counts');
      assert.equal(fromValues.basis, 'values');
      assert.deepEqual(verdict(fromProfiles), verdict(fromValues));
    });
  }

  it('says "no data" when a profile saw only missing values', () => {
    const result = profileColumnDrift(profileOf([1, 2, 3]), profileOf([null, NaN]));
    assert.equal(result.noData, 'current');
    assert.equal(result.currentMissingShare, 1);
    assert.equal(result.statistic, null);
  });
});

describe('profileColumnDrift from sketches', () => {
  const reference = normalSample(20_000, 0, 1, 67);
  const current = normalSample(5_000, 0.15, 1.1, 68);
  const referenceProfile = profileOf(reference);
  const currentProfile = profileOf(current);

  it('approximates the normalized Wasserstein distance and says it is sketch-based', () => {
    const exact = columnDrift(reference, current);
    const approximate = profileColumnDrift(referenceProfile, currentProfile);
    assert.equal(approximate.test, 'wasserstein');
    assert.equal(approximate.exact, false);
    assert.equal(approximate.basis, 'sketch');
    assert.ok(relativelyClose(approximate.statistic!, exact.statistic!, 0.1), `${approximate.statistic} vs ${exact.statistic}`);
    assert.equal(approximate.drifted, exact.drifted);
    // The error can be no more than each sketch's own distance to its values (triangle inequality).
    const referenceSketch = referenceProfile.quantiles.sample();
    const currentSketch = currentProfile.quantiles.sample();
    const bound = wassersteinDistance(referenceSketch, sampleOfNumbers(reference)) + wassersteinDistance(currentSketch, sampleOfNumbers(current));
    const difference = Math.abs(wassersteinDistance(referenceSketch, currentSketch) - wassersteinDistance(sampleOfNumbers(reference), sampleOfNumbers(current)));
    assert.ok(difference <= bound + 1e-12);
    assert.ok(bound < 0.03, `sketch error ${bound}`);
  });

  it('approximates the KS statistic', () => {
    const smallReference = reference.slice(0, 900);
    const exact = columnDrift(smallReference, current);
    const approximate = profileColumnDrift(profileOf(smallReference), currentProfile);
    assert.equal(approximate.test, 'ks');
    assert.equal(approximate.basis, 'sketch');
    assert.ok(Math.abs(approximate.statistic! - exact.statistic!) < 0.02, `${approximate.statistic} vs ${exact.statistic}`);
  });

  it('approximates PSI on Evidently’s bins from the sketches', () => {
    const exact = columnDrift(reference, current, { test: 'psi' });
    const approximate = profileColumnDrift(referenceProfile, currentProfile, { test: 'psi' });
    assert.equal(approximate.basis, 'sketch');
    assert.ok(Math.abs(approximate.statistic! - exact.statistic!) < 0.02, `${approximate.statistic} vs ${exact.statistic}`);
  });

  it('uses bins frozen from the reference when the window was built on them', () => {
    const frozenBins = referenceProfile.freezeBins();
    const referenceOnBins = profileOf(reference, { frozenBins }); // a second pass counts the reference exactly
    const window = profileOf(current, { frozenBins });
    const result = profileColumnDrift(referenceOnBins, window, { test: 'psi' });
    assert.equal(result.basis, 'frozen-bins');
    assert.equal(result.exact, false);
    // The same PSI by hand: both samples on the frozen edges, plus the two outer bins.
    const edges = Float64Array.from(frozenBins.edges);
    const shares = (values: number[]): Float64Array => {
      const inner = histogramCounts(sampleOfNumbers(values), edges);
      const below = values.filter((value) => value < edges[0]!).length;
      const above = values.filter((value) => value > edges.at(-1)!).length;
      return Float64Array.from([below, ...inner, above], (count) => count / values.length);
    };
    const expected = populationStabilityIndex(fillEmptyShares(shares(reference)), fillEmptyShares(shares(current)));
    assert.ok(relativelyClose(result.statistic!, expected, 1e-12), `${result.statistic} vs ${expected}`);
    // Without the second pass the reference's bin counts come from its sketch.
    const fromSketch = profileColumnDrift(referenceProfile, window, { test: 'psi' });
    assert.equal(fromSketch.basis, 'frozen-bins');
    assert.ok(Math.abs(fromSketch.statistic! - expected) < 0.01);
  });

  it('approximates categorical tests from the top categories, pooling the long tail', () => {
    // 1,200 rare categories, twice each on both sides (too many to count exactly), and a shift
    // among the frequent ones: pooling the unchanged tail into one bucket loses almost nothing.
    const tail = Array.from({ length: 2400 }, (_, i) => `rare-${i % 1200}`);
    const referenceValues = shuffled([...categorySample(6000, ['a', 'b', 'c'], [3, 2, 1], 69), ...tail], 75);
    const currentValues = shuffled([...categorySample(6000, ['a', 'b', 'c'], [2, 2, 2], 70), ...tail], 76);
    const referenceProfile = profileOf(referenceValues);
    const currentProfile = profileOf(currentValues);
    assert.equal(referenceProfile.exactValueCounts, undefined);
    const exact = columnDrift(referenceValues, currentValues);
    const approximate = profileColumnDrift(referenceProfile, currentProfile);
    assert.equal(approximate.test, 'jensenshannon');
    assert.equal(approximate.basis, 'sketch');
    assert.ok(Math.abs(approximate.statistic! - exact.statistic!) < 0.01, `${approximate.statistic} vs ${exact.statistic}`);
    assert.equal(approximate.drifted, exact.drifted);
  });
});

describe('profileDatasetDrift', () => {
  it('equals datasetDrift when the profiles kept every value', () => {
    const reference = { x: normalSample(500, 0, 1, 71, 1), label: categorySample(500, ['a', 'b'], [1, 1], 72) };
    const current = { x: normalSample(400, 0.5, 1, 73, 1), label: categorySample(400, ['a', 'b'], [1, 1], 74) };
    const profileOfTable = (columns: Record<string, Value[]>, rows: number): TableProfile => {
      const table = new TableProfile();
      for (let row = 0; row < rows; row++) table.add(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values[row]])));
      return table;
    };
    const fromProfiles = profileDatasetDrift(profileOfTable(reference, 500), profileOfTable(current, 400), { correction: 'bonferroni' });
    const fromValues = datasetDrift(reference, current, { correction: 'bonferroni' });
    assert.deepEqual(fromProfiles.columns.map(verdict), fromValues.columns.map(verdict));
    assert.equal(fromProfiles.drifted, fromValues.drifted);
    assert.equal(fromProfiles.driftedShare, 0.5);
  });

  it('treats a column one table lacks as entirely missing there', () => {
    const reference = new TableProfile();
    const current = new TableProfile();
    reference.add({ a: 1, b: 2 });
    current.add({ a: 1 });
    const result = profileDatasetDrift(reference, current);
    assert.equal(result.columns.find((column) => column.column === 'b')?.noData, 'current');
    assert.equal(result.testedColumns, 1);
  });
});
