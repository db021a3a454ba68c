/**
 * Compiles parsed run-search filters and order_by clauses into parameterized SQLite fragments for
 * `SELECT ... FROM runs r WHERE <filter> ORDER BY <order>`. Only fixed SQL text written here
 * appears in the SQL; every user value and every metric/param/tag key is a `?` parameter.
 *
 * A run lacking the metric/param/tag never matches a comparison on it, `!=` and `NOT IN`
 * included: the scalar subquery is NULL, so the comparison is NULL. LIKE relies on the
 * connection's `PRAGMA case_sensitive_like = ON`; ILIKE lowers both sides.
 */
import type { FilterNode, Identifier, ScalarOperator } from './parse-filter';
import type { OrderByClause } from './parse-order-by';

export type SqlParam = string | number;

export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

/**
 * How one kind of search reads in SQL: the row alias's columns for attributes, a scalar subquery
 * (`?` = the key) per entity, and what ORDER BY ends with.
 */
export interface SearchTarget {
  filterColumns: Readonly<Record<string, string>>;
  orderColumns: Readonly<Record<string, string>>;
  values: Partial<Readonly<Record<'metric' | 'param' | 'tag', string>>>;
  /**
   * Entities a comparison matches when any of their rows does (a logged model's metric points), not
   * the one value: an EXISTS with `?` = the key and `{cmp}` = the comparison of `x.value`.
   */
  anyValue?: Partial<Readonly<Record<'metric' | 'param' | 'tag', string>>>;
  /** `datasets.<key>`: an EXISTS over the row's dataset inputs, `{cmp}` replaced by the comparison of DATASET_VALUE_COLUMN[key]. */
  datasets?: Readonly<Record<string, string>>;
  tieBreakers: string;
}

/** Attribute columns as filters compare them (experiment_id is compared as a string, like MLflow). */
const RUN_FILTER_COLUMNS: Readonly<Record<string, string>> = {
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

const RUN_DATASET_INPUT = 'EXISTS (SELECT 1 FROM run_dataset_inputs i JOIN logged_datasets d ON d.dataset_uuid = i.dataset_uuid';

/** `SELECT ... FROM runs r`: the run search. */
export const RUN_TARGET: SearchTarget = {
  filterColumns: RUN_FILTER_COLUMNS,
  // Experiment ids sort numerically.
  orderColumns: { ...RUN_FILTER_COLUMNS, experiment_id: 'r.experiment_id' },
  values: {
    metric: '(SELECT m.value FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ?)',
    param: '(SELECT p.value FROM params p WHERE p.run_uuid = r.run_uuid AND p.key = ?)',
    tag: '(SELECT t.value FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = ?)',
  },
  datasets: {
    name: `${RUN_DATASET_INPUT} WHERE i.run_uuid = r.run_uuid AND {cmp})`,
    digest: `${RUN_DATASET_INPUT} WHERE i.run_uuid = r.run_uuid AND {cmp})`,
    context: `${RUN_DATASET_INPUT} JOIN run_input_tags g ON g.input_uuid = i.input_uuid AND g.key = 'mlflow.data.context' WHERE i.run_uuid = r.run_uuid AND {cmp})`,
  },
  tieBreakers: 'r.start_time DESC, r.run_uuid ASC',
};

/**
 * RUN_TARGET with its subqueries keyed on `id`, the run_uuid of an index row joined to `r`: a plan
 * reading candidates from an index tests them before it reads their runs rows.
 */
export function runTargetKeyedOn(id: 'c.run_uuid' | 'o.run_uuid'): SearchTarget {
  const keyed = (templates: Partial<Readonly<Record<string, string>>>) =>
    Object.fromEntries(Object.entries(templates).map(([k, sql]) => [k, sql!.replaceAll('= r.run_uuid', `= ${id}`)]));
  return { ...RUN_TARGET, values: keyed(RUN_TARGET.values), datasets: keyed(RUN_TARGET.datasets ?? {}) };
}

const DATASET_VALUE_COLUMN: Readonly<Record<string, string>> = { name: 'd.name', digest: 'd.digest', context: 'g.value' };

const SCALAR_SQL: Readonly<Record<Exclude<ScalarOperator, 'ILIKE'>, string>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
};

function valueExpression(identifier: Identifier, target: SearchTarget, columns: Readonly<Record<string, string>>): SqlFragment {
  if (identifier.type === 'attribute') {
    const column = columns[identifier.key];
    if (!column) throw new Error(`no column for attribute ${identifier.key}`);
    return { sql: column, params: [] };
  }
  const sql = identifier.type === 'dataset' ? undefined : target.values[identifier.type];
  if (!sql) throw new Error(`no value expression for ${identifier.type}`);
  return { sql, params: [identifier.key] };
}

/** `lhs <op> ?` (or an IN list) for a comparison or IN node. */
export function comparison(lhs: string, node: Extract<FilterNode, { kind: 'comparison' | 'in' }>): SqlFragment {
  if (node.kind === 'in') {
    const keyword = node.operator === 'IN' ? 'IN' : 'NOT IN';
    return { sql: `(${lhs} ${keyword} (${node.values.map(() => '?').join(', ')}))`, params: [...node.values] };
  }
  if (node.operator === 'ILIKE') return { sql: `(lower(${lhs}) LIKE lower(?))`, params: [node.value] };
  return { sql: `(${lhs} ${SCALAR_SQL[node.operator]} ?)`, params: [node.value] };
}

function compileNode(node: FilterNode, target: SearchTarget): SqlFragment {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.operands.map((n) => compileNode(n, target));
      const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
      return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, params: parts.flatMap((p) => p.params) };
    }
    case 'null': {
      const expr = valueExpression(node.identifier, target, target.filterColumns);
      return { sql: `(${expr.sql} IS ${node.negated ? 'NOT ' : ''}NULL)`, params: expr.params };
    }
    case 'in':
    case 'comparison': {
      if (node.identifier.type === 'dataset') {
        const template = target.datasets?.[node.identifier.key];
        if (!template) throw new Error(`no dataset filter for ${node.identifier.key}`);
        const cmp = comparison(DATASET_VALUE_COLUMN[node.identifier.key]!, node);
        return { sql: template.replace('{cmp}', cmp.sql), params: cmp.params };
      }
      const any = node.identifier.type === 'attribute' ? undefined : target.anyValue?.[node.identifier.type];
      if (any) {
        const cmp = comparison('x.value', node);
        return { sql: any.replace('{cmp}', cmp.sql), params: [node.identifier.key, ...cmp.params] };
      }
      const expr = valueExpression(node.identifier, target, target.filterColumns);
      const cmp = comparison(expr.sql, node);
      return { sql: cmp.sql, params: [...expr.params, ...cmp.params] };
    }
  }
}

/** WHERE condition for a parsed filter; `'1'` (always true) when there is none. */
export function compileFilter(filter: FilterNode | undefined, target: SearchTarget = RUN_TARGET): SqlFragment {
  return filter ? compileNode(filter, target) : { sql: '1', params: [] };
}

/**
 * ORDER BY list (without the keyword) for parsed clauses. Rows lacking the value sort last in
 * both directions, and the list ends with the target's tie breakers (runs: `r.start_time DESC, r.run_uuid ASC`).
 */
export function compileOrderBy(clauses: readonly OrderByClause[], target: SearchTarget = RUN_TARGET): SqlFragment {
  const terms: string[] = [];
  const params: SqlParam[] = [];
  for (const clause of clauses) {
    const expr = valueExpression(clause.identifier, target, target.orderColumns);
    terms.push(`(${expr.sql} IS NULL)`, `${expr.sql} ${clause.direction === 'DESC' ? 'DESC' : 'ASC'}`);
    params.push(...expr.params, ...expr.params);
  }
  terms.push(target.tieBreakers);
  return { sql: terms.join(', '), params };
}
