/** MLflow's search grammar (runs, experiments, logged models): filter and order_by parsing, and compilation to parameterized SQLite. */
export { SearchSyntaxError } from './tokenize';
export { parseFilter, isNumericIdentifier, lookupAttribute } from './parse-filter';
export type {
  AndNode,
  AttributeName,
  ComparisonNode,
  EntityType,
  FilterNode,
  FilterValue,
  Identifier,
  InListNode,
  NullNode,
  OrNode,
  ScalarOperator,
} from './parse-filter';
export { parseOrderBy } from './parse-order-by';
export type { OrderByClause, SortDirection } from './parse-order-by';
export { compileFilter, compileOrderBy, RUN_TARGET } from './compile';
export type { SearchTarget, SqlFragment, SqlParam } from './compile';
export { EXPERIMENT_GRAMMAR, LOGGED_MODEL_GRAMMAR, RUN_GRAMMAR } from './grammar';
export type { SearchGrammar } from './grammar';
export { explainRunSearch, searchRunRows } from './run-search';
export type { PlanOptions, RunSearchPlan, RunSearchQuery } from './run-plan';
