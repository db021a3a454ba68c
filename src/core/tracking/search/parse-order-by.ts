/**
 * Parser for MLflow run-search order_by clauses: each is `<identifier> [ASC|DESC]`, e.g.
 * `metrics.acc DESC`, `params."learning rate"`, `attributes.start_time ASC`. Unlike filters,
 * bare attribute names (`start_time DESC`) are accepted.
 */
import { RUN_GRAMMAR } from './grammar';
import type { SearchGrammar } from './grammar';
import { resolveIdentifier } from './parse-filter';
import type { Identifier } from './parse-filter';
import { tokenize, unexpectedToken } from './tokenize';

export type SortDirection = 'ASC' | 'DESC';

export interface OrderByClause {
  identifier: Identifier;
  direction: SortDirection;
}

function parseClause(text: string, grammar: SearchGrammar): OrderByClause {
  const stream = tokenize(text, 'order_by clause');
  const [first, second, third] = stream.tokens;
  if (!first) throw stream.fail(undefined, 'the clause is empty', 'expected <identifier> [ASC|DESC]');
  const identifier = resolveIdentifier(first, stream, grammar);
  if (identifier.type === 'dataset') throw stream.fail(first.pos, `Invalid order_by key '${first.raw}'`, 'datasets cannot order results');
  let direction: SortDirection = 'ASC';
  if (second) {
    const upper = second.kind === 'word' ? second.text.toUpperCase() : '';
    if (upper !== 'ASC' && upper !== 'DESC') throw unexpectedToken(stream, second, 'expected ASC, DESC or the end of the clause');
    direction = upper;
  }
  if (third) throw unexpectedToken(stream, third, 'expected the end of the clause');
  return { identifier, direction };
}

/** Parses order_by clauses in order; an absent list means no clauses. */
export function parseOrderBy(orderBy: readonly string[] | undefined, grammar: SearchGrammar = RUN_GRAMMAR): OrderByClause[] {
  return (orderBy ?? []).map((clause) => parseClause(clause, grammar));
}
