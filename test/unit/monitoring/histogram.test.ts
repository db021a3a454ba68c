import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BINS, MAX_CATEGORIES, OTHER_LABEL, TableProfile, columnDrift, datasetDrift, profileDatasetDrift } from '../../../src/core/monitoring';
import type { ColumnHistogram, Value } from '../../../src/core/monitoring';
import { categorySample, normalSample } from './fixtures';

const sum = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);

function assertShape(histogram: ColumnHistogram | undefined): ColumnHistogram {
  assert.ok(histogram);
  assert.equal(histogram.reference.length, histogram.current.length);
  if (histogram.kind === 'numeric') {
    assert.equal(histogram.edges!.length, histogram.reference.length + 1);
    assert.ok(histogram.reference.length <= MAX_BINS, `${histogram.reference.length} bins`);
    for (let i = 1; i < histogram.edges!.length; i++) assert.ok(histogram.edges![i]! > histogram.edges![i - 1]!, 'edges increase');
  } else {
    assert.equal(histogram.labels!.length, histogram.reference.length);
    assert.ok(histogram.labels!.length <= MAX_CATEGORIES + 1);
  }
  return histogram;
}

function profileOf(records: readonly Record<string, Value>[], frozenBins?: ReturnType<TableProfile['freezeBins']>): TableProfile {
  const profile = new TableProfile(frozenBins ? { frozenBins } : {});
  for (const record of records) profile.add(record);
  return profile;
}

describe('column histograms', () => {
  it('are only computed when asked for', () => {
    const result = columnDrift([1, 2, 3], [1, 2, 4]);
    assert.equal(result.histogram, undefined);
  });

  it('count every non-missing numeric value of each side on shared bins', () => {
    const reference = normalSample(800, 0, 1, 1);
    const current: Value[] = [...normalSample(500, 1, 1, 2), null, Number.NaN];
    const { histogram } = columnDrift(reference, current, { histogram: true });
    const shape = assertShape(histogram);
    assert.equal(shape.kind, 'numeric');
    assert.equal(sum(shape.reference), 800);
    assert.equal(sum(shape.current), 500, 'missing values are not counted');
    assert.ok(shape.edges![0]! <= Math.min(...reference), 'the bins cover both sides');
    const peak = (counts: number[]) => counts.indexOf(Math.max(...counts));
    assert.ok(peak(shape.current) > peak(shape.reference), 'the shifted side peaks further right');
  });

  it('keep at most 30 bins however many values there are', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => i);
    const shape = assertShape(columnDrift(values, values, { histogram: true }).histogram);
    assert.ok(shape.reference.length <= MAX_BINS);
    assert.equal(sum(shape.reference), 20_000);
  });

  it('show the top 20 categories by both counts together and pool the rest as (other)', () => {
    const categories = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const weights = categories.map((_, i) => 30 - i);
    const reference = categorySample(3000, categories, weights, 3);
    const current = categorySample(2000, categories, [...weights].reverse(), 4);
    const shape = assertShape(columnDrift(reference, current, { histogram: true }).histogram);
    assert.equal(shape.kind, 'categorical');
    assert.equal(shape.labels!.length, MAX_CATEGORIES + 1);
    assert.equal(shape.labels!.at(-1), OTHER_LABEL);
    assert.equal(sum(shape.reference), 3000);
    assert.equal(sum(shape.current), 2000);
    const together = shape.reference.map((c, i) => c + shape.current[i]!).slice(0, -1);
    assert.deepEqual(together, [...together].sort((a, b) => b - a), 'largest first');
  });

  it('have no (other) bar when every category is shown', () => {
    const shape = assertShape(columnDrift(['a', 'b', 'a'], ['b', 'b', 'c'], { histogram: true }).histogram);
    assert.deepEqual(shape, { kind: 'categorical', labels: ['b', 'a', 'c'], reference: [1, 2, 0], current: [2, 0, 1] });
  });

  it('come from profiles too: frozen reference bins, with values beyond them in an extra bin', () => {
    const reference = normalSample(3000, 50, 5, 5).map((temp, i) => ({ temp, city: i % 3 ? 'a' : 'b' }));
    const current = normalSample(2000, 70, 5, 6).map((temp, i) => ({ temp, city: i % 2 ? 'a' : 'c' }));
    const referenceProfile = profileOf(reference);
    const currentProfile = profileOf(current, referenceProfile.freezeBins());
    const drift = profileDatasetDrift(referenceProfile, currentProfile, { histogram: true });
    const temp = assertShape(drift.columns[0]!.histogram);
    assert.equal(drift.columns[0]!.basis, 'sketch');
    assert.equal(sum(temp.reference), 3000);
    assert.equal(sum(temp.current), 2000);
    const frozen = referenceProfile.freezeBins().temp!.edges;
    assert.ok(temp.edges!.at(-1)! > frozen.at(-1)!, 'an extra bin reaches the current maximum');
    assert.ok(temp.current.at(-1)! > 0);
    const city = assertShape(drift.columns[1]!.histogram);
    assert.deepEqual(city.labels, ['a', 'b', 'c']);
    assert.deepEqual([sum(city.reference), sum(city.current)], [3000, 2000]);
  });

  it('are absent for a column a side has no values of', () => {
    const drift = datasetDrift({ x: [1, 2, 3] }, { x: [null, null] }, { histogram: true });
    assert.equal(drift.columns[0]!.noData, 'current');
    assert.equal(drift.columns[0]!.histogram, undefined);
  });
});
