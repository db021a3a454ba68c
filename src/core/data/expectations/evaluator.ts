import type { TableRecord } from '../table-rows';
import { ColumnCheck } from './column-check';
import type { ExpectationReport, ExpectationResult, TableExpectations } from './types';

/**
 * Checks a table against its expectations one record at a time, keeping only counts and the first
 * offences (and, for `unique`, the values seen): pure, no I/O, so a file, a stream of served
 * predictions or a monitor window can feed it alike.
 */
export class ExpectationEvaluator {
  private readonly checks: ColumnCheck[];
  private readonly present = new Set<string>();
  private rows = 0;

  constructor(private readonly spec: TableExpectations) {
    this.checks = spec.columns.map((c) => new ColumnCheck(c));
  }

  /** The table's columns when known before its rows (a CSV header): a header-only table still has them. */
  columns(names: Iterable<string>): void {
    for (const name of names) this.present.add(name);
  }

  add(record: TableRecord): void {
    this.rows++;
    for (const name of Object.keys(record)) this.present.add(name);
    for (const check of this.checks) check.add(this.rows, record[check.spec.name]);
  }

  report(): ExpectationReport {
    const { spec, rows } = this;
    const results: ExpectationResult[] = [];
    if (spec.rows) results.push(rowCount(spec.rows, rows));
    if (!spec.extraColumns) {
      const extra = [...this.present].filter((name) => !spec.columns.some((c) => c.name === name));
      results.push({ expectation: 'columns', passed: extra.length === 0, expected: `only ${spec.columns.map((c) => c.name).join(', ')}`, observed: extra.length === 0 ? 'no other column' : `other column${extra.length === 1 ? '' : 's'} ${extra.join(', ')}` });
    }
    const columns: ExpectationReport['columns'] = {};
    for (const check of this.checks) {
      const { name, required } = check.spec;
      if (!this.present.has(name)) {
        // An absent column fails as one problem, not once per expectation on it.
        if (required) results.push({ expectation: 'required', column: name, passed: false, expected: 'the column present', observed: `absent (columns: ${[...this.present].join(', ') || 'none'})` });
        continue;
      }
      if (required) results.push({ expectation: 'required', column: name, passed: true, expected: 'the column present', observed: 'present' });
      columns[name] = check.observation(rows);
      results.push(...check.results(rows));
    }
    const failed = results.filter((r) => !r.passed).length;
    return { passed: failed === 0, rows, expectations: results.length, failed, columns, results };
  }
}

function rowCount(bounds: NonNullable<TableExpectations['rows']>, rows: number): ExpectationResult {
  const { min, max } = bounds;
  const passed = (min === undefined || rows >= min) && (max === undefined || rows <= max);
  const expected = min !== undefined && max !== undefined ? `between ${min} and ${max} rows` : min !== undefined ? `at least ${min} rows` : `at most ${max} rows`;
  return { expectation: 'rows', passed, expected, observed: `${rows} row${rows === 1 ? '' : 's'}` };
}
