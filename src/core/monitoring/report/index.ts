// Drift between two tables (`mlops drift`): the report, and its HTML rendering.
export { driftOfTables } from './table-drift';
export type { DriftReport, TableDriftOptions } from './table-drift';
export { resolveTableInput } from './table-input';
export type { TableInput, TableWorkspace } from './table-input';
export { escapeHtml, histogramSvg, renderDriftHtml } from './html-report';
export { basisLabel, formatNumber, methodsByColumn, testLabel } from './report-format';
export { compareVersions } from './compare-versions';
