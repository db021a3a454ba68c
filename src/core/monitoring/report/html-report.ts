// The drift report as one self-contained HTML file: inline styles and SVG, no script, no external
// resource, every text from the data escaped.
import type { ColumnHistogram, MonitorColumnResult } from '../monitors/types';
import type { DriftReport } from './table-drift';
import { basisLabel, formatNumber, methodsByColumn, testLabel } from './report-format';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const WIDTH = 520;
const HEIGHT = 140;
const LEFT = 8;
const BOTTOM = 18;

/** Shares of a side's total, so sides of different sizes compare. */
const shares = (counts: readonly number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
};

function binLabel(histogram: ColumnHistogram, i: number): string {
  if (histogram.kind === 'categorical') return histogram.labels![i]!;
  return `${formatNumber(histogram.edges![i]!)} – ${formatNumber(histogram.edges![i + 1]!)}`;
}

/** Reference (grey) and current (blue) bars per bin or category, as shares of each side. */
export function histogramSvg(histogram: ColumnHistogram): string {
  const [reference, current] = [shares(histogram.reference), shares(histogram.current)];
  const bins = reference.length;
  const top = Math.max(...reference, ...current, 1e-12);
  const slot = (WIDTH - LEFT * 2) / bins;
  const bar = Math.max(1, slot / 2 - 1);
  const plot = HEIGHT - BOTTOM;
  const bars = reference.flatMap((share, i) => {
    const x = LEFT + i * slot;
    const title = `<title>${escapeHtml(binLabel(histogram, i))}: reference ${(share * 100).toFixed(1)}%, current ${(current[i]! * 100).toFixed(1)}%</title>`;
    const rect = (dx: number, value: number, cls: string) => {
      const h = (value / top) * (plot - 4);
      return `<rect class="${cls}" x="${(x + dx).toFixed(1)}" y="${(plot - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}">${title}</rect>`;
    };
    return [rect(0, share, 'ref'), rect(bar, current[i]!, 'cur')];
  });
  const first = escapeHtml(binLabel(histogram, 0).split(' – ')[0]!);
  const last = escapeHtml(histogram.kind === 'numeric' ? formatNumber(histogram.edges!.at(-1)!) : binLabel(histogram, bins - 1));
  const axis = `<text x="${LEFT}" y="${HEIGHT - 4}">${first}</text><text x="${WIDTH - LEFT}" y="${HEIGHT - 4}" text-anchor="end">${last}</text>`;
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">${bars.join('')}<line x1="${LEFT}" x2="${WIDTH - LEFT}" y1="${plot}" y2="${plot}"/>${axis}</svg>`;
}

function verdictRow(c: MonitorColumnResult): string {
  const cells = [
    escapeHtml(c.column),
    testLabel(c.test),
    formatNumber(c.statistic),
    formatNumber(c.adjustedPValue ?? c.pValue),
    formatNumber(c.threshold),
    c.noData ? `no data (${c.noData})` : c.drifted ? '<strong class="drift">drift</strong>' : 'no drift',
    `${(c.currentMissingShare * 100).toFixed(1)}%`,
    c.noData ? '-' : basisLabel(c.basis),
  ];
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function columnSection(c: MonitorColumnResult): string {
  const figure = c.histogram ? histogramSvg(c.histogram) : '<p class="note">No histogram: a side has no values.</p>';
  return `<section><h3>${escapeHtml(c.column)} <span class="${c.drifted ? 'drift' : 'ok'}">${c.drifted ? 'drift' : 'no drift'}</span></h3>${figure}</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.drift{color:#b3261e}.ok{color:#1e6b30}.note{color:#666}section{display:inline-block;margin:0 1.5rem 1rem 0;vertical-align:top}
h3{font-size:14px;margin:.5rem 0}svg text{font-size:10px;fill:#555}svg line{stroke:#999}rect.ref{fill:#9aa0a6}rect.cur{fill:#1a73e8}
.legend span{display:inline-block;width:10px;height:10px;margin:0 .3rem 0 1rem}`;

/** The whole report page. */
export function renderDriftHtml(report: DriftReport, generated = new Date()): string {
  const verdict = report.drifted ? '<strong class="drift">Dataset drift detected</strong>' : '<strong class="ok">No dataset drift</strong>';
  const method = report.method === 'profiles' ? 'computed from bounded-memory profiles (approximate)' : 'computed from every value';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Drift: ${escapeHtml(report.current.name)} vs ${escapeHtml(report.reference.name)}</title><style>${STYLE}</style></head>
<body><h1>Data drift report</h1>
<p>Reference <code>${escapeHtml(report.reference.name)}</code> (${report.reference.rows.toLocaleString('en')} rows) vs current <code>${escapeHtml(report.current.name)}</code> (${report.current.rows.toLocaleString('en')} rows); ${method}; correction ${escapeHtml(report.correction)}; ${escapeHtml(generated.toISOString())}.</p>
<p class="note">Methods: ${escapeHtml(methodsByColumn(report.columns))}.</p>
<p>${verdict}: ${report.driftedColumns} of ${report.testedColumns} columns drifted (share ${formatNumber(report.driftShare)}, threshold ${formatNumber(report.shareThreshold)}).</p>
<table><thead><tr><th>column</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drifted</th><th>missing (current)</th><th>method</th></tr></thead>
<tbody>${report.columns.map(verdictRow).join('\n')}</tbody></table>
<p class="legend">Shares of each side:<span style="background:#9aa0a6"></span>reference<span style="background:#1a73e8"></span>current</p>
${report.columns.map(columnSection).join('\n')}
</body></html>
`;
}
