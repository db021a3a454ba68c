import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchSyntaxError } from '../../../src/core/tracking';
import { parseFilter, parseOrderBy } from '../../../src/core/tracking/search';
import type { FilterNode, FilterValue, Identifier, ScalarOperator } from '../../../src/core/tracking/search';

const metric = (key: string): Identifier => ({ type: 'metric', key });
const param = (key: string): Identifier => ({ type: 'param', key });
const tag = (key: string): Identifier => ({ type: 'tag', key });

function cmp(identifier: Identifier, operator: ScalarOperator, value: FilterValue): FilterNode {
  return { kind: 'comparison', identifier, operator, value };
}

/** Asserts that parsing throws a SearchSyntaxError whose message matches every pattern. */
function assertSyntaxError(run: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SearchSyntaxError, `expected SearchSyntaxError, got ${String(error)}`);
    assert.ok(error instanceof Error);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

function filterError(filter: string, ...patterns: RegExp[]): void {
  assertSyntaxError(() => parseFilter(filter), ...patterns);
}

describe('parseFilter: empty input', () => {
  it('returns undefined for an absent, empty or blank filter', () => {
    assert.equal(parseFilter(undefined), undefined);
    assert.equal(parseFilter(''), undefined);
    assert.equal(parseFilter('   \t\n '), undefined);
  });
});

describe('parseFilter: identifiers', () => {
  it('accepts every metric alias, case-insensitively', () => {
    for (const entity of ['metric', 'metrics', 'METRICS', 'Metric']) {
      assert.deepEqual(parseFilter(`${entity}.acc > 1`), cmp(metric('acc'), '>', 1), entity);
    }
  });

  it('accepts every param alias', () => {
    for (const entity of ['param', 'params', 'parameter', 'parameters', 'PARAMS', 'Parameter']) {
      assert.deepEqual(parseFilter(`${entity}.lr = '0.1'`), cmp(param('lr'), '=', '0.1'), entity);
    }
  });

  it('accepts every tag alias', () => {
    for (const entity of ['tag', 'tags', 'TAGS']) {
      assert.deepEqual(parseFilter(`${entity}.team = 'x'`), cmp(tag('team'), '=', 'x'), entity);
    }
  });

  it('accepts every attribute alias', () => {
    for (const entity of ['attribute', 'attributes', 'attr', 'run', 'ATTRIBUTES', 'Run']) {
      assert.deepEqual(parseFilter(`${entity}.status = 'FINISHED'`), cmp({ type: 'attribute', key: 'status' }, '=', 'FINISHED'), entity);
    }
  });

  it('resolves every attribute name and alias to its canonical name', () => {
    const strings: [string, string][] = [
      ['run_id', 'run_id'],
      ['run_uuid', 'run_id'],
      ['run_name', 'run_name'],
      ['status', 'status'],
      ['user_id', 'user_id'],
      ['artifact_uri', 'artifact_uri'],
      ['lifecycle_stage', 'lifecycle_stage'],
      ['experiment_id', 'experiment_id'],
    ];
    for (const [name, canonical] of strings) {
      assert.deepEqual(parseFilter(`attributes.${name} = 'v'`), cmp({ type: 'attribute', key: canonical } as Identifier, '=', 'v'), name);
    }
    const numbers: [string, string][] = [
      ['start_time', 'start_time'],
      ['end_time', 'end_time'],
      ['created', 'start_time'],
    ];
    for (const [name, canonical] of numbers) {
      assert.deepEqual(parseFilter(`attributes.${name} >= 5`), cmp({ type: 'attribute', key: canonical } as Identifier, '>=', 5), name);
    }
  });

  it('keeps dots, slashes and dashes in bare keys', () => {
    assert.deepEqual(parseFilter("tags.mlflow.runName = 'a'"), cmp(tag('mlflow.runName'), '=', 'a'));
    assert.deepEqual(parseFilter('metrics.system/cpu < 90'), cmp(metric('system/cpu'), '<', 90));
    assert.deepEqual(parseFilter("params.model-type = 'cnn'"), cmp(param('model-type'), '=', 'cnn'));
    assert.deepEqual(parseFilter('metrics.0_loss>1'), cmp(metric('0_loss'), '>', 1));
  });

  it('takes backquoted and double-quoted keys with spaces, dots and operators', () => {
    assert.deepEqual(parseFilter('metrics.`my metric` > 0.5'), cmp(metric('my metric'), '>', 0.5));
    assert.deepEqual(parseFilter('metrics."my metric" > 0.5'), cmp(metric('my metric'), '>', 0.5));
    assert.deepEqual(parseFilter("params.`a.b c` = 'x'"), cmp(param('a.b c'), '=', 'x'));
    assert.deepEqual(parseFilter("tags.\"x >= 'y'\" = 'z'"), cmp(tag("x >= 'y'"), '=', 'z'));
    assert.deepEqual(parseFilter("attributes.`status` = 'RUNNING'"), cmp({ type: 'attribute', key: 'status' }, '=', 'RUNNING'));
    assert.deepEqual(parseFilter('metrics.`a`>=1'), cmp(metric('a'), '>=', 1));
  });
});

describe('parseFilter: values', () => {
  it('parses numbers in every form', () => {
    const cases: [string, number][] = [
      ['1', 1],
      ['0', 0],
      ['-1', -1],
      ['+2', 2],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['-.5', -0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['-2.5e+2', -250],
      ['1700000000000', 1700000000000],
    ];
    for (const [text, value] of cases) {
      assert.deepEqual(parseFilter(`metrics.m = ${text}`), cmp(metric('m'), '=', value), text);
    }
  });

  it('reads numbers written against the operator', () => {
    assert.deepEqual(parseFilter('metrics.m>-1'), cmp(metric('m'), '>', -1));
    assert.deepEqual(parseFilter('metrics.m<=2e2'), cmp(metric('m'), '<=', 200));
  });

  it('accepts strings in single or double quotes, keeping the other quote inside', () => {
    assert.deepEqual(parseFilter("params.a = 'x y'"), cmp(param('a'), '=', 'x y'));
    assert.deepEqual(parseFilter('params.a = "x y"'), cmp(param('a'), '=', 'x y'));
    assert.deepEqual(parseFilter(`params.a = "it's"`), cmp(param('a'), '=', "it's"));
    assert.deepEqual(parseFilter(`params.a = 'say "hi"'`), cmp(param('a'), '=', 'say "hi"'));
    assert.deepEqual(parseFilter("params.a = ''"), cmp(param('a'), '=', ''));
    assert.deepEqual(parseFilter("params.a = 'AND OR ( ) , = 1'"), cmp(param('a'), '=', 'AND OR ( ) , = 1'));
  });

  it('parses every operator allowed for numbers', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>='] as const) {
      assert.deepEqual(parseFilter(`metrics.m ${op} 3`), cmp(metric('m'), op, 3), op);
      assert.deepEqual(parseFilter(`attributes.end_time ${op} 3`), cmp({ type: 'attribute', key: 'end_time' }, op, 3), op);
    }
  });

  it('parses every operator allowed for strings, LIKE and ILIKE case-insensitively', () => {
    assert.deepEqual(parseFilter("params.a != 'x'"), cmp(param('a'), '!=', 'x'));
    assert.deepEqual(parseFilter("params.a LIKE 'x%'"), cmp(param('a'), 'LIKE', 'x%'));
    assert.deepEqual(parseFilter("params.a like 'x%'"), cmp(param('a'), 'LIKE', 'x%'));
    assert.deepEqual(parseFilter("tags.a ILIKE '%X'"), cmp(tag('a'), 'ILIKE', '%X'));
    assert.deepEqual(parseFilter("tags.a iLike '%X'"), cmp(tag('a'), 'ILIKE', '%X'));
    assert.deepEqual(parseFilter("attributes.run_name LIKE 'a_c'"), cmp({ type: 'attribute', key: 'run_name' }, 'LIKE', 'a_c'));
  });
});

describe('parseFilter: IN lists', () => {
  it('parses IN and NOT IN with strings in both quote styles', () => {
    assert.deepEqual(parseFilter(`params.model IN ('a', "b",'c')`), {
      kind: 'in',
      identifier: param('model'),
      operator: 'IN',
      values: ['a', 'b', 'c'],
    });
    assert.deepEqual(parseFilter("tags.t not in ('x')"), { kind: 'in', identifier: tag('t'), operator: 'NOT IN', values: ['x'] });
    assert.deepEqual(parseFilter("attributes.status NOT  IN('A','B')"), {
      kind: 'in',
      identifier: { type: 'attribute', key: 'status' },
      operator: 'NOT IN',
      values: ['A', 'B'],
    });
  });

  it('parses IN lists of numbers for metrics and numeric attributes', () => {
    assert.deepEqual(parseFilter('metrics.epoch IN (1, 2.5, -3e1)'), { kind: 'in', identifier: metric('epoch'), operator: 'IN', values: [1, 2.5, -30] });
    assert.deepEqual(parseFilter('attributes.created NOT IN (5)'), {
      kind: 'in',
      identifier: { type: 'attribute', key: 'start_time' },
      operator: 'NOT IN',
      values: [5],
    });
  });
});

describe('parseFilter: AND, OR and parentheses', () => {
  const a = cmp(metric('a'), '=', 1);
  const b = cmp(metric('b'), '=', 2);
  const c = cmp(metric('c'), '=', 3);

  it('joins with AND in any case, flattening chains', () => {
    assert.deepEqual(parseFilter('metrics.a = 1 AND metrics.b = 2'), { kind: 'and', operands: [a, b] });
    assert.deepEqual(parseFilter('metrics.a = 1 and metrics.b = 2 And metrics.c = 3'), { kind: 'and', operands: [a, b, c] });
  });

  it('joins with OR in any case', () => {
    assert.deepEqual(parseFilter('metrics.a = 1 or metrics.b = 2 OR metrics.c = 3'), { kind: 'or', operands: [a, b, c] });
  });

  it('binds AND tighter than OR', () => {
    assert.deepEqual(parseFilter('metrics.a = 1 OR metrics.b = 2 AND metrics.c = 3'), {
      kind: 'or',
      operands: [a, { kind: 'and', operands: [b, c] }],
    });
    assert.deepEqual(parseFilter('metrics.a = 1 AND metrics.b = 2 OR metrics.c = 3'), {
      kind: 'or',
      operands: [{ kind: 'and', operands: [a, b] }, c],
    });
  });

  it('groups with parentheses', () => {
    assert.deepEqual(parseFilter('(metrics.a = 1 OR metrics.b = 2) AND metrics.c = 3'), {
      kind: 'and',
      operands: [{ kind: 'or', operands: [a, b] }, c],
    });
    assert.deepEqual(parseFilter('((metrics.a = 1))'), a);
    assert.deepEqual(parseFilter('metrics.a = 1 AND (metrics.b = 2 OR (metrics.c = 3))'), {
      kind: 'and',
      operands: [a, { kind: 'or', operands: [b, c] }],
    });
  });

  it('does not mistake keys or values for keywords', () => {
    assert.deepEqual(parseFilter("params.and = 'or' AND tags.or = 'and'"), {
      kind: 'and',
      operands: [cmp(param('and'), '=', 'or'), cmp(tag('or'), '=', 'and')],
    });
  });
});

describe('parseFilter: errors', () => {
  it('reports an unexpected operator with its position', () => {
    filterError('metrics.acc >> 1', /^Invalid filter 'metrics\.acc >> 1': unexpected '>' at position 13/);
    filterError('metrics.acc == 1', /unexpected '=' at position 13/);
    filterError('metrics.acc ! 1', /unexpected '!' at position 12/);
    filterError('metrics.acc <> 1', /unexpected '>' at position 13/);
  });

  it('rejects an unknown entity', () => {
    filterError('foo.bar = 1', /Invalid entity type 'foo' in 'foo\.bar' at position 0/, /valid values are metric, metrics/);
    filterError('metricz.acc > 1', /Invalid entity type 'metricz'/);
    filterError('foo.`bar baz` = 1', /Invalid entity type 'foo' in 'foo\.`bar baz`'/);
  });

  it('reads a bare name as an attribute, as MLflow does, and rejects one that is not', () => {
    filterError('acc > 1', /Invalid attribute key 'acc' specified at position 0/);
    assert.deepEqual(parseFilter('start_time > 1'), { kind: 'comparison', identifier: { type: 'attribute', key: 'start_time' }, operator: '>', value: 1 });
    assert.deepEqual(parseFilter("status = 'FINISHED'"), { kind: 'comparison', identifier: { type: 'attribute', key: 'status' }, operator: '=', value: 'FINISHED' });
  });

  it('rejects an empty key', () => {
    filterError('metrics. > 1', /Invalid identifier 'metrics\.'/, /key is empty/);
    filterError('metrics.`` > 1', /key is empty/);
  });

  it('rejects an unknown attribute, naming the valid ones', () => {
    filterError("attributes.color = 'red'", /Invalid attribute key 'color'/, /run_id/, /lifecycle_stage/, /experiment_id/);
    filterError("attributes.Status = 'x'", /Invalid attribute key 'Status'/);
  });

  it('rejects operators that do not fit the type', () => {
    filterError("metrics.acc LIKE '1'", /operator 'LIKE' is not supported for metric 'acc' at position 12/);
    filterError("metrics.acc ILIKE '1'", /operator 'ILIKE' is not supported/);
    filterError("attributes.start_time LIKE '1'", /operator 'LIKE' is not supported for attribute 'start_time'/);
    filterError("params.lr < 'a'", /operator '<' is not supported for param 'lr'/);
    filterError("tags.t >= 'a'", /operator '>=' is not supported for tag 't'/);
    filterError("attributes.status > 'a'", /operator '>' is not supported/);
  });

  it('rejects strings compared with metrics and numbers compared with strings', () => {
    filterError("metrics.acc > '0.5'", /expected a number for metric 'acc', got the string '0\.5'/);
    filterError('metrics.acc > "0.5"', /expected a number/);
    filterError("attributes.end_time = '5'", /expected a number for attribute 'end_time'/);
    filterError('params.lr = 0.1', /expected a quoted string for param 'lr', got '0\.1'/);
    filterError('tags.t = abc', /expected a quoted string/);
    filterError('params.lr = `x`', /expected a quoted string/);
    filterError("metrics.acc IN ('1')", /expected a number/);
    filterError('params.p IN (1)', /expected a quoted string/);
  });

  it('rejects malformed numbers', () => {
    for (const text of ['1e', '1.2.3', '--1', '0x10', 'abc', '1e999', '1_000', 'NaN']) {
      filterError(`metrics.m = ${text}`, /Invalid filter/);
    }
  });

  it('rejects unterminated strings and quoted keys', () => {
    filterError("params.a = 'abc", /unterminated string starting at position 11/);
    filterError('params.a = "abc', /unterminated string starting at position 11/);
    filterError("metrics.`abc > 1", /unterminated quoted key starting at position 8/);
    filterError('metrics."abc > 1', /unterminated quoted key/);
  });

  it('rejects trailing garbage', () => {
    filterError('metrics.a = 1 metrics.b = 2', /unexpected 'metrics\.b' at position 14/);
    filterError('metrics.a = 1 )', /unexpected '\)' at position 14/);
    filterError('metrics.a = 1 2', /unexpected '2'/);
    filterError("params.a = 'x' 'y'", /unexpected ''y''/);
    filterError('metrics.a = 1,', /unexpected ','/);
  });

  it('rejects dangling or doubled conjunctions', () => {
    filterError('metrics.a > 1 AND', /unexpected end of input at position 17/);
    filterError('metrics.a > 1 OR', /unexpected end of input/);
    filterError('AND metrics.a > 1', /unexpected 'AND' at position 0/);
    filterError('metrics.a > 1 AND AND metrics.b > 1', /unexpected 'AND' at position 18/);
    filterError('metrics.a > 1 AND OR metrics.b > 1', /unexpected 'OR' at position 18/);
  });

  it('rejects a missing operator or value', () => {
    filterError('metrics.a', /unexpected end of input at position 9/, /comparison operator/);
    filterError('metrics.a >', /unexpected end of input at position 11/);
    filterError('metrics.a 1', /unexpected '1'/);
    filterError("params.a NOT 'x'", /expected IN after NOT/);
    filterError("params.a NOT LIKE 'x'", /unexpected 'LIKE'/);
  });

  it('rejects unbalanced parentheses', () => {
    filterError('(metrics.a = 1', /unexpected end of input at position 14/, /expected '\)'/);
    filterError('(metrics.a = 1))', /unexpected '\)' at position 15/);
    filterError('()', /unexpected '\)'/);
    filterError('(', /unexpected end of input/);
  });

  it('rejects empty and malformed IN lists', () => {
    filterError('params.a IN ()', /empty IN list at position 13/);
    filterError('metrics.a NOT IN ( )', /empty IN list/);
    filterError("params.a IN 'x'", /expected '\(' to start the IN list/);
    filterError("params.a IN ('x',)", /unexpected '\)'/);
    filterError("params.a IN ('x' 'y')", /expected ',' or '\)'/);
    filterError("params.a IN ('x'", /unexpected end of input/);
  });

  it('exposes the input and position on the error', () => {
    try {
      parseFilter('metrics.acc >> 1');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof SearchSyntaxError);
      assert.equal(error.name, 'SearchSyntaxError');
      assert.equal(error.input, 'metrics.acc >> 1');
      assert.equal(error.position, 13);
    }
  });
});

describe('parseOrderBy', () => {
  it('returns no clauses for an absent or empty list', () => {
    assert.deepEqual(parseOrderBy(undefined), []);
    assert.deepEqual(parseOrderBy([]), []);
  });

  it('defaults to ASC and reads ASC/DESC in any case', () => {
    assert.deepEqual(parseOrderBy(['metrics.acc', 'params.lr DESC', 'tags.t asc', 'metrics.loss desc']), [
      { identifier: metric('acc'), direction: 'ASC' },
      { identifier: param('lr'), direction: 'DESC' },
      { identifier: tag('t'), direction: 'ASC' },
      { identifier: metric('loss'), direction: 'DESC' },
    ]);
  });

  it('accepts every entity alias and quoted keys', () => {
    assert.deepEqual(parseOrderBy(['metric.`val acc` DESC', 'parameters."learning rate"', 'tag.mlflow.runName', 'attr.created DESC', 'run.run_uuid']), [
      { identifier: metric('val acc'), direction: 'DESC' },
      { identifier: param('learning rate'), direction: 'ASC' },
      { identifier: tag('mlflow.runName'), direction: 'ASC' },
      { identifier: { type: 'attribute', key: 'start_time' }, direction: 'DESC' },
      { identifier: { type: 'attribute', key: 'run_id' }, direction: 'ASC' },
    ]);
  });

  it('accepts bare attribute names', () => {
    assert.deepEqual(parseOrderBy(['start_time DESC', 'end_time', 'run_name', 'created', 'experiment_id DESC']), [
      { identifier: { type: 'attribute', key: 'start_time' }, direction: 'DESC' },
      { identifier: { type: 'attribute', key: 'end_time' }, direction: 'ASC' },
      { identifier: { type: 'attribute', key: 'run_name' }, direction: 'ASC' },
      { identifier: { type: 'attribute', key: 'start_time' }, direction: 'ASC' },
      { identifier: { type: 'attribute', key: 'experiment_id' }, direction: 'DESC' },
    ]);
  });

  it('tolerates surrounding whitespace', () => {
    assert.deepEqual(parseOrderBy(['  metrics.acc   DESC  ']), [{ identifier: metric('acc'), direction: 'DESC' }]);
  });

  it('rejects malformed clauses', () => {
    assertSyntaxError(() => parseOrderBy(['']), /^Invalid order_by clause '': the clause is empty/);
    assertSyntaxError(() => parseOrderBy(['   ']), /the clause is empty/);
    assertSyntaxError(() => parseOrderBy(['acc DESC']), /Invalid attribute key 'acc' specified at position 0/);
    assertSyntaxError(() => parseOrderBy(['foo.acc']), /Invalid entity type 'foo' in 'foo\.acc'/);
    assertSyntaxError(() => parseOrderBy(['attributes.color']), /Invalid attribute key 'color'/);
    assertSyntaxError(() => parseOrderBy(['metrics.acc UP']), /unexpected 'UP' at position 12/);
    assertSyntaxError(() => parseOrderBy(['metrics.acc DESC ASC']), /unexpected 'ASC' at position 17/);
    assertSyntaxError(() => parseOrderBy(['metrics.acc > 1']), /unexpected '>'/);
    assertSyntaxError(() => parseOrderBy(['metrics.`acc']), /unterminated quoted key/);
    assertSyntaxError(() => parseOrderBy(["'metrics.acc'"]), /unexpected ''metrics\.acc''/);
    assertSyntaxError(() => parseOrderBy(['DESC']), /Invalid attribute key 'DESC'/);
  });

  it('reports the first bad clause of a list', () => {
    assertSyntaxError(() => parseOrderBy(['metrics.acc', 'metrics.loss sideways']), /Invalid order_by clause 'metrics\.loss sideways'/);
  });
});
