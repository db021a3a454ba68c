import type { ExpectationReport, ExpectationResult } from './types';

/** The report for a terminal: a verdict line, then each failed expectation with what was expected and seen. */
export function formatExpectationReport(report: ExpectationReport, table: string): string[] {
  const lines = [
    report.passed
      ? `${table}: all ${report.expectations} expectations passed (${report.rows} rows)`
      : `${table}: ${report.failed} of ${report.expectations} expectations failed (${report.rows} rows)`,
  ];
  for (const result of report.results) if (!result.passed) lines.push(`  ✗ ${describe(result)}`);
  return lines;
}

function describe(result: ExpectationResult): string {
  const where = result.column === undefined ? result.expectation : `${result.column}: ${result.expectation}`;
  return `${where}: expected ${result.expected}, found ${result.observed}`;
}
