import { invalid } from '../errors';
import { LOGGED_MODEL_GRAMMAR, compileFilter, lookupAttribute, parseFilter } from './search';
import type { SearchTarget, SqlFragment, SqlParam } from './search';

/** MLflow's SearchLoggedModels `datasets` entry: models with metrics on that dataset. */
export interface DatasetFilter {
  datasetName: string;
  datasetDigest?: string;
}

/** MLflow's SearchLoggedModels `order_by` entry. */
export interface LoggedModelOrder {
  fieldName: string;
  ascending: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

const COLUMNS: Readonly<Record<string, string>> = {
  name: 'm.name',
  model_id: 'm.model_id',
  model_type: 'm.model_type',
  status: 'm.status',
  source_run_id: 'm.source_run_id',
  creation_timestamp: 'm.creation_time',
  last_updated_timestamp: 'm.last_update_time',
};

/** `SELECT ... FROM logged_models m`: a metric filter matches when any point of the model does, as in MLflow. */
const LOGGED_MODEL_TARGET: SearchTarget = {
  filterColumns: COLUMNS,
  orderColumns: COLUMNS,
  values: {
    metric: '(SELECT x.value FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = ? ORDER BY x.timestamp DESC, x.step DESC LIMIT 1)',
    param: '(SELECT x.value FROM logged_model_params x WHERE x.model_id = m.model_id AND x.key = ?)',
    tag: '(SELECT x.value FROM logged_model_tags x WHERE x.model_id = m.model_id AND x.key = ?)',
  },
  anyValue: { metric: 'EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = ? AND {cmp})' },
  tieBreakers: 'm.creation_time DESC, m.model_id ASC',
};

/** The WHERE condition for a logged-model filter and `datasets` list. */
export function loggedModelCondition(filter: string | undefined, datasets: readonly DatasetFilter[]): SqlFragment {
  const where = compileFilter(parseFilter(filter, LOGGED_MODEL_GRAMMAR), LOGGED_MODEL_TARGET);
  if (datasets.length === 0) return where;
  const params: SqlParam[] = [];
  const any = datasets.map((d) => {
    params.push(d.datasetName);
    if (d.datasetDigest === undefined) return '(x.dataset_name = ?)';
    params.push(d.datasetDigest);
    return '(x.dataset_name = ? AND x.dataset_digest = ?)';
  });
  return {
    sql: `(${where.sql}) AND EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.model_id AND (${any.join(' OR ')}))`,
    params: [...where.params, ...params],
  };
}

/** ORDER BY for MLflow's structured order_by: attributes, or `metrics.<key>` (latest point, on a dataset if named). */
export function loggedModelOrder(orders: readonly LoggedModelOrder[]): SqlFragment {
  const terms: string[] = [];
  const params: SqlParam[] = [];
  for (const order of orders) {
    const direction = order.ascending ? 'ASC' : 'DESC';
    if (order.fieldName.startsWith('metrics.')) {
      const datasetSql = `${order.datasetName !== undefined ? ' AND x.dataset_name = ?' : ''}${order.datasetDigest !== undefined ? ' AND x.dataset_digest = ?' : ''}`;
      const expr = `(SELECT x.value FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = ?${datasetSql} ORDER BY x.timestamp DESC, x.step DESC LIMIT 1)`;
      const exprParams = [order.fieldName.slice('metrics.'.length), ...(order.datasetName !== undefined ? [order.datasetName] : []), ...(order.datasetDigest !== undefined ? [order.datasetDigest] : [])];
      terms.push(`(${expr} IS NULL)`, `${expr} ${direction}`);
      params.push(...exprParams, ...exprParams);
      continue;
    }
    if (order.fieldName.includes('.')) throw invalid(`Invalid order by field name: ${order.fieldName}. Only metrics are supported.`);
    const attribute = lookupAttribute(order.fieldName, LOGGED_MODEL_GRAMMAR);
    const column = attribute && COLUMNS[attribute];
    if (!column) throw invalid(`Invalid order by field name: ${order.fieldName}`);
    terms.push(`(${column} IS NULL)`, `${column} ${direction}`);
  }
  terms.push(LOGGED_MODEL_TARGET.tieBreakers);
  return { sql: terms.join(', '), params };
}
