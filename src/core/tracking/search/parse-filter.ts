/**
 * Parser for MLflow run-search filter strings, e.g.
 * `metrics.acc > 0.9 and params.model = 'cnn' or tags."team name" IN ('a', 'b')`.
 * MLflow's grammar (comparisons joined by AND) plus OR, parentheses and IN / NOT IN lists.
 * AND binds tighter than OR.
 */
import { describeToken, tokenize, unexpectedToken } from './tokenize';
import type { ComparisonOperatorToken, Token, TokenStream } from './tokenize';

export type EntityType = 'metric' | 'param' | 'tag' | 'attribute';

/** Canonical attribute names (aliases `run_uuid` -> run_id and `created` -> start_time are resolved). */
export type AttributeName =
  | 'run_id'
  | 'run_name'
  | 'status'
  | 'start_time'
  | 'end_time'
  | 'user_id'
  | 'artifact_uri'
  | 'lifecycle_stage'
  | 'experiment_id';

export type Identifier =
  | { type: 'metric'; key: string }
  | { type: 'param'; key: string }
  | { type: 'tag'; key: string }
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

export type FilterNode = ComparisonNode | InListNode | AndNode | OrNode;

const ENTITY_ALIASES: Readonly<Record<string, EntityType>> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

const ATTRIBUTE_ALIASES: Readonly<Record<string, AttributeName>> = {
  run_id: 'run_id',
  run_uuid: 'run_id',
  run_name: 'run_name',
  status: 'status',
  start_time: 'start_time',
  end_time: 'end_time',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  lifecycle_stage: 'lifecycle_stage',
  created: 'start_time',
  experiment_id: 'experiment_id',
};

const NUMERIC_ATTRIBUTES: ReadonlySet<AttributeName> = new Set<AttributeName>(['start_time', 'end_time']);

const NUMERIC_OPERATORS: readonly string[] = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'];
const STRING_OPERATORS: readonly string[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for identifiers compared as numbers: metrics, start_time, end_time (and created). */
export function isNumericIdentifier(identifier: Identifier): boolean {
  return identifier.type === 'metric' || (identifier.type === 'attribute' && NUMERIC_ATTRIBUTES.has(identifier.key));
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Resolves an attribute name or alias; undefined when it is not one. */
export function lookupAttribute(name: string): AttributeName | undefined {
  return hasOwn(ATTRIBUTE_ALIASES, name) ? ATTRIBUTE_ALIASES[name] : undefined;
}

function describeIdentifier(identifier: Identifier): string {
  return `${identifier.type} '${identifier.key}'`;
}

/**
 * Turns an `entity.key` token into an Identifier, or throws. A bare word (no entity prefix) is an
 * error unless `allowBareAttribute` is set and the word is an attribute name (order_by only).
 */
export function resolveIdentifier(token: Token | undefined, stream: TokenStream, allowBareAttribute: boolean): Identifier {
  let entityText: string;
  let key: string;
  if (token?.kind === 'quoted-identifier') {
    entityText = token.entity;
    key = token.key;
  } else if (token?.kind === 'word') {
    const dot = token.text.indexOf('.');
    if (dot < 0) {
      const bare = allowBareAttribute ? lookupAttribute(token.text) : undefined;
      if (bare) return { type: 'attribute', key: bare };
      const hint = 'expected <entity>.<key> where entity is metrics, params, tags or attributes';
      throw stream.fail(token.pos, `Invalid identifier '${token.text}'`, allowBareAttribute ? `${hint}, or a bare attribute name` : hint);
    }
    entityText = token.text.slice(0, dot);
    key = token.text.slice(dot + 1);
  } else {
    throw unexpectedToken(stream, token, 'expected an identifier such as metrics.<key>');
  }
  const lower = entityText.toLowerCase();
  const type = hasOwn(ENTITY_ALIASES, lower) ? ENTITY_ALIASES[lower] : undefined;
  if (!type) {
    throw stream.fail(
      token.pos,
      `Invalid identifier '${token.raw}'`,
      `unknown entity '${entityText}'; valid entities: ${Object.keys(ENTITY_ALIASES).join(', ')}`,
    );
  }
  if (key === '') throw stream.fail(token.pos, `Invalid identifier '${token.raw}'`, 'the key is empty');
  if (type !== 'attribute') return { type, key };
  const attribute = lookupAttribute(key);
  if (!attribute) {
    throw stream.fail(token.pos, `Invalid attribute key '${key}'`, `valid attributes: ${Object.keys(ATTRIBUTE_ALIASES).join(', ')}`);
  }
  return { type: 'attribute', key: attribute };
}

function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === keyword;
}

class FilterParser {
  private index = 0;

  constructor(private readonly stream: TokenStream) {}

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

  private parseComparison(): ComparisonNode | InListNode {
    const identifierToken = this.next();
    const identifier = resolveIdentifier(identifierToken, this.stream, false);
    const numeric = isNumericIdentifier(identifier);
    const { operator, pos } = this.parseOperator();
    const allowed = numeric ? NUMERIC_OPERATORS : STRING_OPERATORS;
    if (!allowed.includes(operator)) {
      throw this.stream.fail(
        pos,
        `operator '${operator}' is not supported for ${describeIdentifier(identifier)}`,
        `valid operators: ${allowed.join(', ')}`,
      );
    }
    if (operator === 'IN' || operator === 'NOT IN') {
      return { kind: 'in', identifier, operator, values: this.parseList(identifier, numeric) };
    }
    return { kind: 'comparison', identifier, operator, value: this.parseValue(identifier, numeric) };
  }

  private parseOperator(): { operator: ScalarOperator | 'IN' | 'NOT IN'; pos: number } {
    const token = this.next();
    if (token?.kind === 'operator') return { operator: token.text, pos: token.pos };
    if (token?.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') return { operator: upper, pos: token.pos };
      if (upper === 'NOT') {
        const after = this.next();
        if (isKeyword(after, 'IN')) return { operator: 'NOT IN', pos: token.pos };
        throw this.unexpected(after, "expected IN after NOT");
      }
    }
    throw this.unexpected(token, 'expected a comparison operator: =, !=, <, <=, >, >=, LIKE, ILIKE, IN or NOT IN');
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
export function parseFilter(filter: string | undefined): FilterNode | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  return new FilterParser(tokenize(filter, 'filter')).parse();
}
