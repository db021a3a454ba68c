/**
 * Compiles parsed run-search filters and order_by clauses into parameterized SQLite fragments for
 * `SELECT ... FROM runs r WHERE <filter> ORDER BY <order>`. Only fixed SQL text written here
 * appears in the SQL; every user value and every metric/param/tag key is a `?` parameter.
 *
 * A run lacking the metric/param/tag never matches a comparison on it, `!=` and `NOT IN`
 * included: the scalar subquery is NULL, so the comparison is NULL. LIKE relies on the
 * connection's `PRAGMA case_sensitive_like = ON`; ILIKE lowers both sides.
 */
import type { AttributeName, FilterNode, Identifier, ScalarOperator } from './parse-filter';
import type { OrderByClause } from './parse-order-by';

export type SqlParam = string | number;

export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

const LATEST_VALUE: Readonly<Record<Exclude<Identifier['type'], 'attribute'>, string>> = {
  metric: '(SELECT m.value FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ?)',
  param: '(SELECT p.value FROM params p WHERE p.run_uuid = r.run_uuid AND p.key = ?)',
  tag: '(SELECT t.value FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = ?)',
};

/** Attribute columns as filters compare them (experiment_id is compared as a string, like MLflow). */
const FILTER_COLUMNS: Readonly<Record<AttributeName, string>> = {
  run_id: 'r.run_uuid',
  run_name: 'r.name',
  status: 'r.status',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
  user_id: 'r.user_id',
  artifact_uri: 'r.artifact_uri',
  lifecycle_stage: 'r.lifecycle_stage',
  experiment_id: 'CAST(r.experiment_id AS TEXT)',
};

/** Attribute columns as ORDER BY sorts them (experiment ids sort numerically). */
const ORDER_COLUMNS: Readonly<Record<AttributeName, string>> = { ...FILTER_COLUMNS, experiment_id: 'r.experiment_id' };

const SCALAR_SQL: Readonly<Record<Exclude<ScalarOperator, 'ILIKE'>, string>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
};

/** What ORDER BY always ends with: MLflow's default order, then the run id for a stable order. */
const TIE_BREAKERS = 'r.start_time DESC, r.run_uuid ASC';

function valueExpression(identifier: Identifier, columns: Readonly<Record<AttributeName, string>>): SqlFragment {
  if (identifier.type === 'attribute') return { sql: columns[identifier.key], params: [] };
  return { sql: LATEST_VALUE[identifier.type], params: [identifier.key] };
}

function compileNode(node: FilterNode): SqlFragment {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.operands.map(compileNode);
      const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
      return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, params: parts.flatMap((p) => p.params) };
    }
    case 'in': {
      const expr = valueExpression(node.identifier, FILTER_COLUMNS);
      const placeholders = node.values.map(() => '?').join(', ');
      const keyword = node.operator === 'IN' ? 'IN' : 'NOT IN';
      return { sql: `(${expr.sql} ${keyword} (${placeholders}))`, params: [...expr.params, ...node.values] };
    }
    case 'comparison': {
      const expr = valueExpression(node.identifier, FILTER_COLUMNS);
      if (node.operator === 'ILIKE') {
        return { sql: `(lower(${expr.sql}) LIKE lower(?))`, params: [...expr.params, node.value] };
      }
      return { sql: `(${expr.sql} ${SCALAR_SQL[node.operator]} ?)`, params: [...expr.params, node.value] };
    }
  }
}

/** WHERE condition for a parsed filter; `'1'` (always true) when there is none. */
export function compileFilter(filter: FilterNode | undefined): SqlFragment {
  return filter ? compileNode(filter) : { sql: '1', params: [] };
}

/**
 * ORDER BY list (without the keyword) for parsed clauses. Runs lacking the value sort last in
 * both directions, and the list ends with `r.start_time DESC, r.run_uuid ASC`.
 */
export function compileOrderBy(clauses: readonly OrderByClause[]): SqlFragment {
  const terms: string[] = [];
  const params: SqlParam[] = [];
  for (const clause of clauses) {
    const expr = valueExpression(clause.identifier, ORDER_COLUMNS);
    terms.push(`(${expr.sql} IS NULL)`, `${expr.sql} ${clause.direction === 'DESC' ? 'DESC' : 'ASC'}`);
    params.push(...expr.params, ...expr.params);
  }
  terms.push(TIE_BREAKERS);
  return { sql: terms.join(', '), params };
}
