// Data expectations (issue 17): a table's schema, ranges, missing share, uniqueness, categories and row count.
export { ExpectationEvaluator } from './evaluator';
export { loadExpectations, parseExpectations } from './expectations-file';
export { checkTable } from './check-table';
export { formatExpectationReport } from './format-report';
export { COLUMN_KINDS } from './types';
export type { Category, ColumnExpectation, ColumnKind, ColumnObservation, ExpectationKind, ExpectationReport, ExpectationResult, TableExpectations } from './types';
