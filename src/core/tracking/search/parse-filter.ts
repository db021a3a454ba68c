/**
 * Parser for MLflow search filter strings, e.g.
 * `metrics.acc > 0.9 and params.model = 'cnn' or tags."team name" IN ('a', 'b')`.
 * MLflow's grammar (comparisons joined by AND, bare attribute names, `datasets.*` for runs) plus
 * OR, parentheses, IN / NOT IN lists and IS [NOT] NULL. AND binds tighter than OR. What a filter
 * may name depends on the search (see grammar.ts); runs by default.
 */
import { RUN_GRAMMAR } from './grammar';
import type { SearchGrammar } from './grammar';
import { describeToken, tokenize, unexpectedToken } from './tokenize';
import type { ComparisonOperatorToken, Token, TokenStream } from './tokenize';

export type { EntityType } from './grammar';

/** A canonical attribute name of the grammar (aliases such as `run_uuid` -> run_id are resolved). */
export type AttributeName = string;

export type Identifier =
  | { type: 'metric'; key: string }
  | { type: 'param'; key: string }
  | { type: 'tag'; key: string }
  | { type: 'dataset'; key: string }
  | { type: 'attribute'; key: AttributeName };

export type ScalarOperator = ComparisonOperatorToken | 'LIKE' | 'ILIKE';
export type FilterValue = string | number;

/** `<identifier> <op> <value>`; value is a number for metrics and numeric attributes, else a string. */
export interface ComparisonNode {
  kind: 'comparison';
  identifier: Identifier;
  operator: ScalarOperator;
  value: FilterValue;
}

/** `<identifier> IN (...)` or `<identifier> NOT IN (...)`; the list is never empty. */
export interface InListNode {
  kind: 'in';
  identifier: Identifier;
  operator: 'IN' | 'NOT IN';
  values: FilterValue[];
}

export interface AndNode {
  kind: 'and';
  operands: FilterNode[];
}

export interface OrNode {
  kind: 'or';
  operands: FilterNode[];
}

/** `<identifier> IS NULL` (the run has no such metric, param or tag) or `IS NOT NULL`. */
export interface NullNode {
  kind: 'null';
  identifier: Identifier;
  negated: boolean;
}

export type FilterNode = ComparisonNode | InListNode | NullNode | AndNode | OrNode;

const NUMERIC_OPERATORS: readonly string[] = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'];
const STRING_OPERATORS: readonly string[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'];

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for identifiers compared as numbers: metrics and the grammar's numeric attributes (start_time, end_time for runs). */
export function isNumericIdentifier(identifier: Identifier, grammar: SearchGrammar = RUN_GRAMMAR): boolean {
  return identifier.type === 'metric' || (identifier.type === 'attribute' && grammar.numericAttributes.has(identifier.key));
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Resolves an attribute name or alias; undefined when it is not one. */
export function lookupAttribute(name: string, grammar: SearchGrammar = RUN_GRAMMAR): AttributeName | undefined {
  return hasOwn(grammar.attributes, name) ? grammar.attributes[name] : undefined;
}

function describeIdentifier(identifier: Identifier): string {
  return `${identifier.type} '${identifier.key}'`;
}

/**
 * Turns an `entity.key` token into an Identifier, or throws. A bare word (no entity prefix) is an
 * attribute, as in MLflow (`status = 'FINISHED'`, `start_time DESC`).
 */
export function resolveIdentifier(token: Token | undefined, stream: TokenStream, grammar: SearchGrammar = RUN_GRAMMAR): Identifier {
  let entityText: string;
  let key: string;
  if (token?.kind === 'quoted-identifier') {
    entityText = token.entity;
    key = token.key;
  } else if (token?.kind === 'word') {
    const dot = token.text.indexOf('.');
    if (dot < 0) {
      const bare = lookupAttribute(token.text, grammar);
      if (bare) return { type: 'attribute', key: bare };
      throw stream.fail(
        token.pos,
        `Invalid attribute key '${token.text}' specified`,
        `valid keys are ${Object.keys(grammar.attributes).join(', ')}; other entities need a prefix: ${entityNames(grammar)}`,
      );
    }
    entityText = token.text.slice(0, dot);
    key = token.text.slice(dot + 1);
  } else {
    throw unexpectedToken(stream, token, 'expected an identifier such as metrics.<key>');
  }
  const lower = entityText.toLowerCase();
  const type = hasOwn(grammar.entities, lower) ? grammar.entities[lower] : undefined;
  if (!type) {
    throw stream.fail(token.pos, `Invalid entity type '${entityText}' in '${token.raw}'`, `valid values are ${entityNames(grammar)}`);
  }
  if (key === '') throw stream.fail(token.pos, `Invalid identifier '${token.raw}'`, 'the key is empty');
  if (type === 'dataset') {
    if (!grammar.datasetKeys.has(key)) throw stream.fail(token.pos, `Invalid dataset key '${key}' specified`, `valid keys are ${[...grammar.datasetKeys].join(', ')}`);
    return { type, key };
  }
  if (type !== 'attribute') return { type, key };
  const attribute = lookupAttribute(key, grammar);
  if (!attribute) {
    throw stream.fail(token.pos, `Invalid attribute key '${key}' specified`, `valid keys are ${Object.keys(grammar.attributes).join(', ')}`);
  }
  return { type: 'attribute', key: attribute };
}

function entityNames(grammar: SearchGrammar): string {
  return Object.keys(grammar.entities).join(', ');
}

function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === keyword;
}

class FilterParser {
  private index = 0;

  constructor(
    private readonly stream: TokenStream,
    private readonly grammar: SearchGrammar,
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest) throw this.unexpected(rest, 'expected AND, OR or the end of the filter');
    return node;
  }

  private peek(): Token | undefined {
    return this.stream.tokens[this.index];
  }

  private next(): Token | undefined {
    const token = this.stream.tokens[this.index];
    if (token) this.index++;
    return token;
  }

  private unexpected(token: Token | undefined, expected: string): Error {
    return unexpectedToken(this.stream, token, expected);
  }

  private parseOr(): FilterNode {
    const operands = [this.parseAnd()];
    while (isKeyword(this.peek(), 'OR')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): FilterNode {
    const operands = [this.parsePrimary()];
    while (isKeyword(this.peek(), 'AND')) {
      this.next();
      operands.push(this.parsePrimary());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'and', operands };
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (token?.kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close?.kind !== 'rparen') throw this.unexpected(close, "expected ')'");
      return inner;
    }
    const conjunction = isKeyword(token, 'AND') || isKeyword(token, 'OR');
    if ((token?.kind !== 'word' && token?.kind !== 'quoted-identifier') || conjunction) {
      throw this.unexpected(token, 'expected a comparison such as metrics.acc > 0.5');
    }
    return this.parseComparison();
  }

  private parseComparison(): ComparisonNode | InListNode | NullNode {
    const identifierToken = this.next();
    const identifier = resolveIdentifier(identifierToken, this.stream, this.grammar);
    const numeric = isNumericIdentifier(identifier, this.grammar);
    const { operator, pos } = this.parseOperator();
    const allowed = numeric ? NUMERIC_OPERATORS : STRING_OPERATORS;
    if (!allowed.includes(operator)) {
      throw this.stream.fail(
        pos,
        `operator '${operator}' is not supported for ${describeIdentifier(identifier)}`,
        `valid operators: ${allowed.join(', ')}`,
      );
    }
    if (operator === 'IS NULL' || operator === 'IS NOT NULL') {
      if (identifier.type === 'dataset') throw this.stream.fail(pos, `operator '${operator}' is not supported for datasets`);
      return { kind: 'null', identifier, negated: operator === 'IS NOT NULL' };
    }
    if (operator === 'IN' || operator === 'NOT IN') {
      return { kind: 'in', identifier, operator, values: this.parseList(identifier, numeric) };
    }
    return { kind: 'comparison', identifier, operator, value: this.parseValue(identifier, numeric) };
  }

  private parseOperator(): { operator: ScalarOperator | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL'; pos: number } {
    const token = this.next();
    if (token?.kind === 'operator') return { operator: token.text, pos: token.pos };
    if (token?.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') return { operator: upper, pos: token.pos };
      if (upper === 'IS') {
        const negated = isKeyword(this.peek(), 'NOT');
        if (negated) this.next();
        const after = this.next();
        if (!isKeyword(after, 'NULL')) throw this.unexpected(after, negated ? 'expected NULL after IS NOT' : 'expected NULL or NOT NULL after IS');
        return { operator: negated ? 'IS NOT NULL' : 'IS NULL', pos: token.pos };
      }
      if (upper === 'NOT') {
        const after = this.next();
        if (isKeyword(after, 'IN')) return { operator: 'NOT IN', pos: token.pos };
        throw this.unexpected(after, "expected IN after NOT");
      }
    }
    throw this.unexpected(token, 'expected a comparison operator: =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN or IS [NOT] NULL');
  }

  private parseList(identifier: Identifier, numeric: boolean): FilterValue[] {
    const open = this.next();
    if (open?.kind !== 'lparen') throw this.unexpected(open, "expected '(' to start the IN list");
    const first = this.peek();
    if (first?.kind === 'rparen') throw this.stream.fail(first.pos, 'empty IN list', 'IN needs at least one value');
    const values = [this.parseValue(identifier, numeric)];
    for (;;) {
      const token = this.next();
      if (token?.kind === 'rparen') return values;
      if (token?.kind !== 'comma') throw this.unexpected(token, "expected ',' or ')' in the IN list");
      values.push(this.parseValue(identifier, numeric));
    }
  }

  private parseValue(identifier: Identifier, numeric: boolean): FilterValue {
    const token = this.next();
    if (numeric) {
      if (token?.kind === 'word' && NUMBER.test(token.text)) {
        const value = Number(token.text);
        if (!Number.isFinite(value)) throw this.stream.fail(token.pos, `number ${token.text} is out of range`);
        return value;
      }
      if (token?.kind === 'string') {
        throw this.stream.fail(token.pos, `expected a number for ${describeIdentifier(identifier)}, got the string ${token.raw}`, 'metrics, start_time and end_time compare with unquoted numbers');
      }
      throw this.unexpected(token, `expected a number for ${describeIdentifier(identifier)}`);
    }
    if (token?.kind === 'string' && token.quote !== '`') return token.value;
    if (token?.kind === 'word') {
      throw this.stream.fail(token.pos, `expected a quoted string for ${describeIdentifier(identifier)}, got ${describeToken(token)}`, 'put the value in single or double quotes');
    }
    throw this.unexpected(token, `expected a quoted string for ${describeIdentifier(identifier)}`);
  }
}

/** Parses a filter string; undefined for an absent, empty or whitespace-only filter. */
export function parseFilter(filter: string | undefined, grammar: SearchGrammar = RUN_GRAMMAR): FilterNode | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  return new FilterParser(tokenize(filter, 'filter'), grammar).parse();
}
