/** MLflow run-search grammar: filter and order_by parsing, and compilation to parameterized SQLite. */
export { SearchSyntaxError } from './tokenize';
export { parseFilter, isNumericIdentifier } from './parse-filter';
export type {
  AndNode,
  AttributeName,
  ComparisonNode,
  EntityType,
  FilterNode,
  FilterValue,
  Identifier,
  InListNode,
  OrNode,
  ScalarOperator,
} from './parse-filter';
export { parseOrderBy } from './parse-order-by';
export type { OrderByClause, SortDirection } from './parse-order-by';
export { compileFilter, compileOrderBy } from './compile';
export type { SqlFragment, SqlParam } from './compile';
