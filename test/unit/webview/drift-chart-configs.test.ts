import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TooltipItem } from 'chart.js';
import type { Palette } from '../../../webview-ui/drift-dashboard/chart-configs';
import { driftShareConfig, featureScoresConfig, histogramConfig, predictionConfig, servingConfig } from '../../../webview-ui/drift-dashboard/chart-configs';
import { alertMarkers, featureScores, histogramBars, servingTimelines } from '../../../webview-ui/drift-dashboard/model';
import { T0, alert, result } from './drift-fixture';

const palette: Palette = {
  foreground: 'fg',
  muted: 'muted',
  series: ['s0', 's1', 's2'],
  drifted: 'red',
  stable: 'blue',
  reference: 'ref',
  current: 'cur',
  threshold: 'thr',
  severity: { error: 'sev-error', warning: 'sev-warning', info: 'sev-info' },
};

type Label = (item: TooltipItem<'line'>) => string;

describe('drift dashboard chart configurations', () => {
  it('colours drifted feature bars, marks the selected one and reports clicks by feature', () => {
    const scores = featureScores(result(0).drift.columns);
    const picked: string[] = [];
    const config = featureScoresConfig(scores, 'humidity', palette, (c) => picked.push(c));
    assert.deepEqual(config.data.labels, ['temp', 'weather', 'humidity']);
    const [bars] = config.data.datasets;
    assert.deepEqual(bars!.backgroundColor, ['red', 'red', 'blue']);
    assert.deepEqual(bars!.borderColor, ['transparent', 'transparent', 'fg']);
    const onClick = config.options!.onClick as (e: unknown, elements: { index: number }[]) => void;
    onClick({}, [{ index: 1 }]);
    onClick({}, []);
    assert.deepEqual(picked, ['weather']);
    assert.equal((config.options!.scales!.y as { title: { text: string } }).title.text, scores.axisTitle);
    assert.deepEqual(config.plugins!.map((p) => p.id), ['thresholdLine']);
  });

  it('draws the drift share on 0…1 with the threshold line and alert markers that tell the alert', () => {
    const points = [{ x: T0, y: 0.2 }, { x: T0 + 1000, y: 0.7 }];
    const markers = alertMarkers([alert(1, T0 + 1000, { severity: 'error', message: 'drift share 0.7 > 0.5' })], points);
    const config = driftShareConfig(points, 0.5, markers, palette);
    assert.equal(config.data.datasets.length, 2);
    const alerts = config.data.datasets[1]!;
    assert.equal(alerts.type, 'scatter');
    assert.deepEqual(alerts.backgroundColor, ['sev-error']);
    const label = config.options!.plugins!.tooltip!.callbacks!.label as unknown as Label;
    assert.equal(label({ raw: alerts.data[0], dataset: alerts, parsed: { x: T0 + 1000, y: 0.7 } } as never), 'error: drift share 0.7 > 0.5');
    assert.equal(label({ raw: points[0], dataset: config.data.datasets[0], parsed: { x: T0, y: 0.2 } } as never), 'Drifted share of features: 20%');
    const y = config.options!.scales!.y as { min: number; max: number };
    assert.deepEqual([y.min, y.max], [0, 1]);
    assert.equal(driftShareConfig(points, 0.5, [], palette).data.datasets.length, 1, 'no alerts, no marker series');
  });

  it('draws a single drift point at share 1 whole: no dataset is clipped to the chart area, and the top has room for it', () => {
    const config = driftShareConfig([{ x: T0, y: 1 }], 0.3, alertMarkers([alert(1, T0)], [{ x: T0, y: 1 }]), palette);
    assert.deepEqual(config.data.datasets.map((d) => (d as { clip?: unknown }).clip), [false, false]);
    const padding = (config.options!.layout as { padding: { top: number } }).padding;
    assert.ok(padding.top >= 7, `room above the axis for a point and a marker, got ${padding.top}`);
  });

  it('spans at least ten minutes around results close together, and exactly the results otherwise', () => {
    const x = (points: { x: number; y: number }[]) => driftShareConfig(points, 0.5, [], palette).options!.scales!.x as { min?: number; max?: number };
    const one = x([{ x: T0, y: 0.4 }]);
    assert.deepEqual([one.min, one.max], [T0 - 300_000, T0 + 300_000]);
    const day = x([{ x: T0, y: 0.4 }, { x: T0 + 86_400_000, y: 0.6 }]);
    assert.deepEqual([day.min, day.max], [T0, T0 + 86_400_000]);
    const none = x([]);
    assert.deepEqual([none.min, none.max], [undefined, undefined]);
  });

  it('compares reference and current shares side by side', () => {
    const config = histogramConfig(histogramBars(result(0).drift.columns[2]!.histogram!), palette);
    assert.deepEqual(config.data.datasets.map((d) => [d.label, d.backgroundColor]), [['reference', 'ref'], ['current window', 'cur']]);
    assert.equal((config.options!.scales!.x as { title: { text: string } }).title.text, 'category');
  });

  it('adds the error-rate axis only when there are error rates', () => {
    const withErrors = servingConfig(servingTimelines([result(0), result(1)]), [], palette);
    assert.ok(withErrors.options!.scales!.y1);
    assert.deepEqual(withErrors.data.datasets.map((d) => d.label), ['latency p50', 'latency p99', 'error rate']);
    const label = withErrors.options!.plugins!.tooltip!.callbacks!.label as unknown as Label;
    assert.equal(label({ raw: {}, dataset: withErrors.data.datasets[2], parsed: { x: T0, y: 0.01 } } as never), 'error rate: 1%');
    const latencyOnly = servingConfig(servingTimelines([result(0, { errorRate: undefined })]), [], palette);
    assert.equal(latencyOnly.options!.scales!.y1, undefined);
  });

  it('draws a numeric prediction’s mean against a dashed reference mean', () => {
    const config = predictionConfig({ column: 'rain_mm', kind: 'numeric', current: [{ x: T0, y: 1 }, { x: T0 + 10, y: 2 }], referenceMean: 1.5 }, [], palette);
    const [, reference] = config.data.datasets;
    assert.deepEqual(reference!.data, [{ x: T0, y: 1.5 }, { x: T0 + 10, y: 1.5 }]);
    const shares = predictionConfig({ column: 'label', kind: 'categorical', classes: [{ label: 'dry', points: [] }, { label: 'rain', points: [] }] }, [], palette);
    assert.deepEqual(shares.data.datasets.map((d) => [d.label, d.borderColor]), [['dry', 's0'], ['rain', 's1']]);
  });
});
