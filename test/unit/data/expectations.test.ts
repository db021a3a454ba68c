import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpectationEvaluator, formatExpectationReport, parseExpectations } from '../../../src/core/data';
import type { ExpectationReport, TableExpectations } from '../../../src/core/data';
import { DomainError } from '../../../src/core/errors';
import type { TableRecord } from '../../../src/core/data';

function evaluate(yaml: string, rows: TableRecord[], header?: string[]): ExpectationReport {
  const evaluator = new ExpectationEvaluator(parseExpectations(yaml));
  if (header) evaluator.columns(header);
  for (const row of rows) evaluator.add(row);
  return evaluator.report();
}

const failed = (report: ExpectationReport) => report.results.filter((r) => !r.passed).map((r) => `${r.column ?? '-'} ${r.expectation}: ${r.observed}`);

describe('data expectations', () => {
  const people: TableRecord[] = [
    { id: 1, age: 34, city: 'Paris', member: true },
    { id: 2, age: null, city: 'Lyon', member: false },
    { id: 3, age: 51.5, city: 'Paris', member: true },
    { id: 4, age: 28, city: 'Lyon', member: false },
  ];

  it('passes a table that meets every expectation, with per-column observations as metrics', () => {
    const report = evaluate(
      `rows: {min: 1, max: 10}
extra_columns: false
columns:
  id: {type: integer, unique: true}
  age: {type: number, min: 0, max: 120, max_missing: 0.25}
  city: {type: string, allowed: [Paris, Lyon]}
  member: {type: boolean}
`,
      people,
    );
    assert.deepEqual(failed(report), []);
    assert.equal(report.passed, true);
    assert.equal(report.rows, 4);
    assert.equal(report.failed, 0);
    assert.equal(report.expectations, report.results.length);
    assert.deepEqual(report.columns.age, { missing: 1, missing_share: 0.25, min: 28, max: 51.5 });
  });

  it('names each failed expectation, its column, what was expected and what was found, with the first offending rows', () => {
    const rows: TableRecord[] = [...people, { id: 2, age: -3, city: 'Nice', member: 'yes', extra: 1 }, { id: 6, age: 'old', city: null, member: true, extra: 2 }];
    const report = evaluate(
      `rows: {max: 5}
extra_columns: false
columns:
  id: {type: integer, unique: true}
  age: {type: number, min: 0, max_missing: 0.1}
  city: {allowed: [Paris, Lyon], max_missing: 0}
  member: {type: boolean}
  zip: {type: string}
`,
      rows,
    );
    assert.equal(report.passed, false);
    assert.deepEqual(failed(report), [
      '- rows: 6 rows',
      '- columns: other column extra',
      'id unique: 1 repeated value (2 at row 5)',
      'age type: 1 value not of type number ("old" at row 6)',
      'age missing: 16.67% (1 of 6 rows)',
      'age min: 2 values below 0 or not a number (-3 at row 5, "old" at row 6)',
      'city missing: 16.67% (1 of 6 rows)',
      'city allowed: 1 value outside the list ("Nice" at row 5)',
      'member type: 1 value not of type boolean ("yes" at row 5)',
      'zip required: absent (columns: id, age, city, member, extra)',
    ]);
    assert.equal(report.failed, 10);
    const text = formatExpectationReport(report, 'people.csv');
    assert.equal(text[0], 'people.csv: 10 of 15 expectations failed (6 rows)');
    assert.ok(text.includes('  ✗ city: allowed: expected values among "Paris", "Lyon", found 1 value outside the list ("Nice" at row 5)'), text.join('\n'));
  });

  it('compares categories as text, so numbers read from CSV match a YAML list of either kind', () => {
    const report = evaluate('columns:\n  grade: {allowed: [1, "2", 3]}\n', [{ grade: 1 }, { grade: 2 }, { grade: '3' }]);
    assert.deepEqual(failed(report), []);
  });

  it('an optional column may be absent; a header-only table still has its columns', () => {
    assert.deepEqual(failed(evaluate('columns:\n  note: {required: false, type: string}\n', [{ id: 1 }])), []);
    const empty = evaluate('rows: {min: 1}\ncolumns:\n  id: {type: integer}\n', [], ['id']);
    assert.deepEqual(failed(empty), ['- rows: 0 rows']);
    assert.deepEqual(empty.columns.id, { missing: 0, missing_share: 0 });
  });

  it('keeps only counts and the first offences, however many rows stream through', () => {
    const evaluator = new ExpectationEvaluator(parseExpectations('columns:\n  x: {min: 0}\n'));
    for (let i = 0; i < 100_000; i++) evaluator.add({ x: -i - 1 });
    const [result] = evaluator.report().results.filter((r) => !r.passed);
    assert.equal(result!.observed, '100000 values below 0 or not a number (-1 at row 1, -2 at row 2, -3 at row 3, …)');
  });

  it('a bad expectations file is one error listing every problem with its line', () => {
    const text = `rows: {min: 5, max: 2}
columns:
  age: {type: int, min: zero, max_missing: 2}
  city: {alowed: [a]}
  tag: {allowed: []}
`;
    assert.throws(
      () => parseExpectations(text, 'expect.yaml'),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.deepEqual(error.message.split('\n'), [
          'expect.yaml:1: rows.max (2) is below rows.min (5): no value could pass',
          'expect.yaml:3: age.type must be one of integer, number, string, boolean',
          'expect.yaml:3: age.max_missing must be a share from 0 to 1 (0.05 = at most 5% of rows without a value)',
          'expect.yaml:3: age.min must be a number',
          'expect.yaml:4: unknown column city setting "alowed" (type, required, max_missing, min, max, unique, allowed); did you mean "allowed"?',
          'expect.yaml:5: tag.allowed must be a list of the values allowed, e.g. [red, green, blue]',
        ]);
        return true;
      },
    );
    assert.throws(() => parseExpectations('columns: [a, b]\n', 'e.yaml'), /^.*e\.yaml:1: columns must map each column name/);
    assert.throws(() => parseExpectations('{}\n', 'e.yaml'), /e\.yaml:1: the file expects nothing/);
    assert.throws(() => parseExpectations('columns: {a: {type: number}\n', 'e.yaml'), /e\.yaml:\d+: /);
  });

  it('parses the file into the evaluator’s spec', () => {
    const spec: TableExpectations = parseExpectations('columns:\n  a: {type: integer, unique: true, allowed: [1, 2]}\n  b:\n');
    assert.deepEqual(spec, {
      extraColumns: true,
      columns: [
        { name: 'a', required: true, type: 'integer', unique: true, allowed: [1, 2] },
        { name: 'b', required: true },
      ],
    });
  });
});
