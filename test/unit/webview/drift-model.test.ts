import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SHARE_THRESHOLD,
  alertMarkers,
  binnedMean,
  chronological,
  featureScores,
  headerFacts,
  histogramBars,
  latestResult,
  monitorAlerts,
  performanceTimelines,
  predictionTimelines,
  selectedFeature,
  servingTimelines,
  shareThreshold,
  timeline,
} from '../../../webview-ui/drift-dashboard/model';
import { HOUR, T0, alert, column, result, summary } from './drift-fixture';

describe('drift dashboard model', () => {
  it('orders results oldest first for timelines and finds the newest whatever the order', () => {
    const results = [result(2), result(0), result(1, { driftShare: Number.NaN })];
    assert.deepEqual(chronological(results).map((r) => r.time), [T0, T0 + HOUR, T0 + 2 * HOUR]);
    assert.equal(latestResult(results)?.time, T0 + 2 * HOUR);
    assert.equal(latestResult([]), undefined);
    assert.deepEqual(timeline(results, (r) => r.driftShare).map((p) => p.x), [T0, T0 + 2 * HOUR], 'non-finite values leave a gap');
  });

  it('uses the monitor’s share threshold when the summary carries one, else the runtime default', () => {
    assert.equal(shareThreshold(null), DEFAULT_SHARE_THRESHOLD);
    assert.equal(shareThreshold(summary()), 0.5);
    assert.equal(shareThreshold({ ...summary(), driftShareThreshold: 0.3 } as never), 0.3);
    assert.equal(shareThreshold({ ...summary(), driftShareThreshold: 7 } as never), 0.5);
  });

  it('plots p-value tests as −log10 p against −log10 of their shared threshold, most drifted first', () => {
    const scores = featureScores(result(0).drift.columns);
    assert.deepEqual(scores.bars.map((b) => b.column), ['temp', 'weather', 'humidity']);
    assert.equal(scores.bars[0]!.score, 3);
    assert.ok(Math.abs(scores.threshold - 1.30103) < 1e-5);
    assert.deepEqual(scores.bars.map((b) => b.drifted), [true, true, false]);
    assert.match(scores.axisTitle, /^−log10 p-value \(ks, chi2; drifts above −log10 0\.05 = 1\.3\)/);
    assert.match(scores.bars[1]!.detail, /chi2 p = 0\.02 \(threshold 0\.05\)/);
  });

  it('uses adjusted p-values when a correction was applied, and caps p-values that underflow', () => {
    const scores = featureScores([column('a', { pValue: 0.01, adjustedPValue: 0.04, drifted: true }), column('b', { pValue: 0, drifted: true })]);
    assert.equal(scores.bars[0]!.column, 'b');
    assert.equal(scores.bars[0]!.score, 16);
    assert.match(scores.bars[0]!.detail, /ks p < 1e-16 \(threshold 0\.05\)/);
    assert.ok(Math.abs(scores.bars[1]!.score - -Math.log10(0.04)) < 1e-12);
    assert.match(scores.axisTitle, /adjusted p-value/);
  });

  it('plots distances as they are, and divides by each threshold when kinds or thresholds differ', () => {
    const distances = featureScores([column('a', { test: 'wasserstein', statistic: 0.3, threshold: 0.1, drifted: true }), column('b', { test: 'jensenshannon', statistic: 0.05, threshold: 0.1 })]);
    assert.deepEqual(distances.bars.map((b) => b.score), [0.3, 0.05]);
    assert.equal(distances.threshold, 0.1);
    assert.match(distances.axisTitle, /^distance \(wasserstein, jensenshannon; drifts at 0\.1 and above\)/);
    const mixed = featureScores([column('p', { pValue: 0.0005, drifted: true }), column('d', { test: 'psi', statistic: 0.1, threshold: 0.2 })]);
    assert.equal(mixed.threshold, 1);
    assert.ok(Math.abs(mixed.bars.find((b) => b.column === 'p')!.score - 3.30103 / 1.30103) < 1e-4);
    assert.equal(mixed.bars.find((b) => b.column === 'd')!.score, 0.5);
    assert.match(mixed.axisTitle, /÷ threshold/);
  });

  it('lists columns without a score apart, with the reason', () => {
    const scores = featureScores([column('x', { statistic: null, noData: 'current' }), column('y', { test: 'none', statistic: null, threshold: null, noData: 'both' }), column('z', { pValue: 0.2 })]);
    assert.deepEqual(scores.bars.map((b) => b.column), ['z']);
    assert.deepEqual(scores.untested, [
      { column: 'x', reason: 'no values in the current window' },
      { column: 'y', reason: 'no values on either side' },
    ]);
  });

  it('keeps the chosen feature while it exists, else shows the most drifted', () => {
    const columns = result(0).drift.columns;
    assert.equal(selectedFeature('humidity', columns), 'humidity');
    assert.equal(selectedFeature('gone', columns), 'temp');
    assert.equal(selectedFeature(null, []), null);
  });

  it('turns histograms into shares per bin or category', () => {
    const [temp, , weather] = result(0).drift.columns;
    const numeric = histogramBars(temp!.histogram!);
    assert.deepEqual(numeric.labels, ['0 – 10', '10 – 20', '20 – 30']);
    assert.deepEqual(numeric.reference, [0.25, 0.5, 0.25]);
    assert.deepEqual(numeric.current, [0, 0.25, 0.75]);
    const categorical = histogramBars(weather!.histogram!);
    assert.deepEqual(categorical.labels, ['sun', 'rain', '(other)']);
    assert.deepEqual(categorical.current, [0.2, 0.7, 0.1]);
    assert.deepEqual(histogramBars({ kind: 'numeric', edges: [0, 1], reference: [0], current: [0] }).reference, [0], 'an empty side stays at zero, not NaN');
  });

  it('puts each alert on the series at its nearest point and leaves out alerts outside the span', () => {
    const series = [{ x: 0, y: 0.1 }, { x: 100, y: 0.4 }, { x: 200, y: 0.9 }];
    const markers = alertMarkers([alert(1, 90), alert(2, 210), alert(3, 1000), alert(4, -500)], series);
    assert.deepEqual(markers.map((m) => [m.alert.id, m.x, m.y]), [[1, 90, 0.4], [2, 210, 0.9]]);
    assert.deepEqual(alertMarkers([alert(1, 0)], []), []);
  });

  it('merges the results’ alerts with the alert list, each once, oldest first', () => {
    const results = [result(1, { alerts: [alert(2, T0 + HOUR)] }), result(0, { alerts: [alert(1, T0)] })];
    assert.deepEqual(monitorAlerts(results, [alert(2, T0 + HOUR), alert(3, T0 + 2 * HOUR)]).map((a) => a.id), [1, 2, 3]);
  });

  it('follows numeric predictions by their binned mean against the reference mean', () => {
    assert.equal(binnedMean([0, 10, 20], [1, 3]), 12.5);
    assert.equal(binnedMean([0, 10], [0]), undefined);
    const predictions = (current: number[]) => ({ ...result(0).drift, columns: [column('rain_mm', { test: 'wasserstein', statistic: 0.2, histogram: { kind: 'numeric', edges: [0, 2, 4], reference: [3, 1], current } })] });
    const [rain] = predictionTimelines([result(1, { predictionDrift: predictions([1, 3]) }), result(0, { predictionDrift: predictions([3, 1]) }), result(2)]);
    assert.ok(rain && rain.kind === 'numeric');
    assert.deepEqual(rain.current, [{ x: T0, y: 1.5 }, { x: T0 + HOUR, y: 2.5 }]);
    assert.equal(rain.referenceMean, 1.5);
  });

  it('follows categorical predictions by each class’s share, zero where a result lacks the class', () => {
    const predictions = (labels: string[], current: number[]) => ({ ...result(0).drift, columns: [column('label', { test: 'chi2', pValue: 0.3, histogram: { kind: 'categorical' as const, labels, reference: labels.map(() => 1), current } })] });
    const [label] = predictionTimelines([result(0, { predictionDrift: predictions(['dry', 'rain'], [3, 1]) }), result(1, { predictionDrift: predictions(['rain', 'snow'], [1, 1]) })]);
    assert.ok(label && label.kind === 'categorical');
    assert.deepEqual(label.classes.map((c) => [c.label, c.points.map((p) => p.y)]), [['dry', [0.75, 0]], ['rain', [0.25, 0.5]], ['snow', [0, 0.5]]]);
    assert.deepEqual(predictionTimelines([result(0)]), [], 'no prediction drift, no timeline');
  });

  it('draws performance and serving only where the results have them', () => {
    const results = [result(0, { performance: { task: 'classification', labeledRows: 40, metrics: { accuracy: 0.9 } } }), result(1, { performance: { task: 'classification', labeledRows: 50, metrics: { accuracy: 0.8, f1: 0.7 } }, latency: undefined, errorRate: undefined })];
    assert.deepEqual(performanceTimelines(results).map((t) => [t.metric, t.points.map((p) => p.y)]), [['accuracy', [0.9, 0.8]], ['f1', [0.7]]]);
    const serving = servingTimelines(results);
    assert.deepEqual([serving.p50.length, serving.p99.length, serving.errorRate.length], [1, 1, 1]);
    assert.deepEqual(performanceTimelines([result(0)]), []);
  });

  it('states the monitor’s facts for the header', () => {
    const facts = Object.fromEntries(headerFacts(summary({ nextRunAt: T0 + 5 * HOUR, silencedUntil: T0 + HOUR }), result(0), T0 + 2 * HOUR).map((f) => [f.id, f.value]));
    assert.equal(facts['fact-model'], 'rain@champion (version 3)');
    assert.match(facts['fact-window']!, /^1,200 rows from 300 requests$/);
    assert.equal(facts['fact-reference'], 'data/weather.csv v2 (5,000 rows)');
    assert.equal(facts['fact-drift-share'], '2 of 3 (66.7%)');
    assert.ok(facts['fact-next-run']);
    assert.equal(facts['fact-silenced'], undefined, 'a silence that ended is not shown');
    const never = headerFacts(summary(), undefined);
    assert.deepEqual(never.map((f) => [f.id, f.value]), [['fact-model', 'rain@champion'], ['fact-last-run', 'never']]);
  });
});
