/**
 * Plans for the run search: which rows a query walks first, chosen per query from cheap, capped
 * counts of the candidates each way would read.
 *
 * - `scan`: walk the runs in the requested order, test the filter on each (correlated subqueries,
 *   primary-key lookups) and stop after the page: cheap when matches are dense (a broad filter).
 *   Ordered by a metric, param or tag, it walks that key's (key, value) index, then the runs lacking
 *   it; ordered by end_time or run_name, that attribute's index.
 * - `index`: read the candidates of the most selective filter term from its (key, value) index,
 *   test the rest on them and sort them: cheap when few runs match (a selective filter).
 * - `scope`: read every run of the experiments and sort them: cheap when the experiments are small.
 * - `plain`: that same query without probing, for stores of at most 5,000 runs and for no filter in
 *   the default order (it walks runs_by_experiment in order and stops after the page).
 *
 * The scan costs about (offset + page) × runs / matches runs walked; a candidate set costs its size
 * times the ratio of a candidate's cost to a walked run's (about 4). So a set is read when it is
 * smaller than 0.5 × sqrt((offset + page) × runs), the point where the two costs meet.
 * Every plan returns the rows compileFilter/compileOrderBy define: same rows, same order.
 */
import { RUN_TARGET, comparison, compileFilter, compileOrderBy, runTargetKeyedOn } from './compile';
import type { SearchTarget, SqlFragment } from './compile';
import type { FilterNode } from './parse-filter';
import type { OrderByClause } from './parse-order-by';

export interface RunSearchQuery {
  experimentIds: readonly number[];
  /** Fixed SQL on `r.lifecycle_stage` (no parameters). */
  lifecycle: string;
  filter: FilterNode | undefined;
  orderBy: readonly OrderByClause[];
  offset: number;
  /** Rows wanted from `offset` on. */
  limit: number;
}

/** The store's counts a plan is chosen from; each probe reads at most `cap` index entries. */
export interface PlanProbe {
  /** Runs in the store (an upper bound is fine). */
  totalRuns(): number;
  /** Candidates of `sql` (a `SELECT 1 ...`), counted up to `cap`. */
  count(sql: SqlFragment, cap: number): number;
}

export interface PlanOptions {
  /** Stores with at most this many runs use the one plain query (no probes). */
  smallStore?: number;
  /** Overrides the computed candidate cap (tests force each plan with it). */
  cap?: number;
}

export interface RunSearchPlan {
  kind: 'plain' | 'scope' | 'index' | 'scan';
  /** Queries (`SELECT r.* ... ORDER BY ...`, without LIMIT) whose rows, one after another, are the result. */
  segments: SqlFragment[];
}

const VALUE_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;
type ValueEntity = keyof typeof VALUE_TABLES;

const SMALL_STORE = 5000;
/**
 * sqrt(scan cost per run / candidate cost): a candidate costs a random lookup of its run and a sort
 * entry, about 4× a run the scan walks in index order (measured at 1M runs).
 */
const CANDIDATE_COST_RATIO = 0.5;

/** A filter term whose matching runs a (key, value) index lists: `c.key = ? AND <match>`. */
interface IndexedTerm {
  node: FilterNode;
  table: string;
  key: string;
  match: SqlFragment;
}

function conjuncts(node: FilterNode | undefined): FilterNode[] {
  if (!node) return [];
  return node.kind === 'and' ? node.operands.flatMap(conjuncts) : [node];
}

function isValueEntity(type: string): type is ValueEntity {
  return type === 'metric' || type === 'param' || type === 'tag';
}

/** The index form of a term, when its matches are an index range: =, <, >, IN and IS NOT NULL (not !=, NOT IN, LIKE). */
function indexedTerm(node: FilterNode): IndexedTerm | undefined {
  if (node.kind === 'and' || node.kind === 'or' || !isValueEntity(node.identifier.type)) return undefined;
  const { key } = node.identifier;
  const table = VALUE_TABLES[node.identifier.type];
  if (node.kind === 'null') return node.negated ? { node, table, key, match: { sql: 'c.value IS NOT NULL', params: [] } } : undefined;
  if (node.kind === 'in') return node.operator === 'IN' ? { node, table, key, match: comparison('c.value', node) } : undefined;
  if (node.operator === '!=' || node.operator === 'LIKE' || node.operator === 'ILIKE') return undefined;
  return { node, table, key, match: comparison('c.value', node) };
}

function and(nodes: FilterNode[]): FilterNode | undefined {
  if (nodes.length <= 1) return nodes[0];
  return { kind: 'and', operands: nodes };
}

function join(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

function scopeOf(q: RunSearchQuery): SqlFragment {
  return { sql: `r.experiment_id IN (${q.experimentIds.map(() => '?').join(', ')}) AND ${q.lifecycle}`, params: [...q.experimentIds] };
}

function orderSql(clauses: readonly OrderByClause[], target: SearchTarget = RUN_TARGET): SqlFragment {
  const order = compileOrderBy(clauses, target);
  return { sql: ` ORDER BY ${order.sql}`, params: order.params };
}

/** Every run in scope passing the filter, sorted: SQLite walks runs_by_experiment (in order, for start_time). */
function plainQuery(q: RunSearchQuery): SqlFragment {
  const where = compileFilter(q.filter, RUN_TARGET);
  return join([{ sql: 'SELECT r.* FROM runs r WHERE ', params: [] }, scopeOf(q), { sql: ` AND (${where.sql})`, params: where.params }, orderSql(q.orderBy)], '');
}

/** The candidates of one indexed term (CROSS JOIN keeps the index as the outer loop), the other terms tested on each. */
function indexQuery(q: RunSearchQuery, term: IndexedTerm): SqlFragment {
  const target = runTargetKeyedOn('c.run_uuid');
  const rest = compileFilter(and(conjuncts(q.filter).filter((n) => n !== term.node)), target);
  return join(
    [
      { sql: `SELECT r.* FROM ${term.table} c CROSS JOIN runs r ON r.run_uuid = c.run_uuid WHERE c.key = ? AND `, params: [term.key] },
      term.match,
      { sql: ' AND ', params: [] },
      scopeOf(q),
      { sql: ` AND (${rest.sql})`, params: rest.params },
      orderSql(q.orderBy, target),
    ],
    '',
  );
}

/**
 * Ordered by a metric, param or tag: the runs having a value in that key's index order, then the
 * runs lacking one (missing values sort last in both directions).
 */
function valueOrderedScan(q: RunSearchQuery, first: OrderByClause & { identifier: { type: ValueEntity } }): SqlFragment[] {
  const table = VALUE_TABLES[first.identifier.type];
  const key = first.identifier.key;
  const target = runTargetKeyedOn('o.run_uuid');
  const where = compileFilter(q.filter, target);
  const having = join(
    [
      { sql: `SELECT r.* FROM ${table} o CROSS JOIN runs r ON r.run_uuid = o.run_uuid WHERE o.key = ? AND o.value IS NOT NULL AND `, params: [key] },
      scopeOf(q),
      { sql: ` AND (${where.sql})`, params: where.params },
    ],
    '',
  );
  const direction = first.direction === 'DESC' ? 'DESC' : 'ASC';
  const rest = orderSql(q.orderBy.slice(1));
  const plainWhere = compileFilter(q.filter, RUN_TARGET);
  const lacking = join(
    [
      { sql: 'SELECT r.* FROM runs r WHERE ', params: [] },
      scopeOf(q),
      { sql: ` AND (${plainWhere.sql})`, params: plainWhere.params },
      { sql: ` AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.run_uuid = r.run_uuid AND o.key = ? AND o.value IS NOT NULL)`, params: [key] },
      rest,
    ],
    '',
  );
  const havingRest = orderSql(q.orderBy.slice(1), target);
  return [join([having, { sql: ` ORDER BY o.value ${direction},${havingRest.sql.slice(' ORDER BY'.length)}`, params: havingRest.params }], ''), lacking];
}

/** Attributes with an index on (experiment_id, column) (migration 15): a scan walks it in order. */
const INDEXED_ATTRIBUTES: Readonly<Record<string, { column: string; index: string }>> = {
  end_time: { column: 'r.end_time', index: 'runs_by_end_time' },
  run_name: { column: 'r.name', index: 'runs_by_name' },
};

/**
 * Ordered by an indexed attribute: the runs having a value, in the order of its index, then those
 * lacking one (end_time of a running run), as compileOrderBy's `(x IS NULL), x` sorts them.
 */
function attributeOrderedScan(q: RunSearchQuery, { column, index }: { column: string; index: string }, direction: 'ASC' | 'DESC'): SqlFragment[] {
  const where = compileFilter(q.filter, RUN_TARGET);
  const rest = orderSql(q.orderBy.slice(1));
  const filtered = join([scopeOf(q), { sql: ` AND (${where.sql})`, params: where.params }], '');
  // INDEXED BY: with sampled statistics SQLite may walk another index and sort every run.
  const having = join([{ sql: `SELECT r.* FROM runs r INDEXED BY ${index} WHERE `, params: [] }, filtered], '');
  return [
    join([having, { sql: ` AND ${column} IS NOT NULL ORDER BY ${column} ${direction},${rest.sql.slice(' ORDER BY'.length)}`, params: rest.params }], ''),
    join([{ sql: 'SELECT r.* FROM runs r WHERE ', params: [] }, filtered, { sql: ` AND ${column} IS NULL`, params: [] }, rest], ''),
  ];
}

function scanPlan(q: RunSearchQuery): RunSearchPlan {
  const first = q.orderBy[0];
  if (first && isValueEntity(first.identifier.type)) {
    return { kind: 'scan', segments: valueOrderedScan(q, first as OrderByClause & { identifier: { type: ValueEntity } }) };
  }
  const indexed = first?.identifier.type === 'attribute' ? INDEXED_ATTRIBUTES[first.identifier.key] : undefined;
  if (first && indexed) return { kind: 'scan', segments: attributeOrderedScan(q, indexed, first.direction === 'DESC' ? 'DESC' : 'ASC') };
  return { kind: 'scan', segments: [plainQuery(q)] };
}

/** Chooses the plan for `q` from capped counts of its candidate sets (see the file comment). */
export function planRunSearch(q: RunSearchQuery, probe: PlanProbe, options: PlanOptions = {}): RunSearchPlan {
  const plain: RunSearchPlan = { kind: 'plain', segments: [plainQuery(q)] };
  const defaultOrder = q.orderBy.length === 0 || (q.orderBy[0]!.identifier.type === 'attribute' && q.orderBy[0]!.identifier.key === 'start_time');
  if (!q.filter && defaultOrder) return plain;
  const runs = probe.totalRuns();
  if (options.cap === undefined && runs <= (options.smallStore ?? SMALL_STORE)) return plain;
  let best = options.cap ?? Math.ceil(CANDIDATE_COST_RATIO * Math.sqrt((q.offset + q.limit) * runs));
  let chosen: RunSearchPlan | undefined;
  for (const term of conjuncts(q.filter).map(indexedTerm)) {
    if (!term) continue;
    const n = probe.count(join([{ sql: `SELECT 1 FROM ${term.table} c WHERE c.key = ? AND `, params: [term.key] }, term.match], ''), best);
    if (n < best) [best, chosen] = [n, { kind: 'index', segments: [indexQuery(q, term)] }];
  }
  const scopeCount = probe.count({ sql: `SELECT 1 FROM runs r WHERE r.experiment_id IN (${q.experimentIds.map(() => '?').join(', ')})`, params: [...q.experimentIds] }, best);
  if (scopeCount < best) chosen = { kind: 'scope', segments: plain.segments };
  return chosen ?? scanPlan(q);
}
