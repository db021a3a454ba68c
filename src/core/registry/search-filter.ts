import { invalid } from '../errors';

/**
 * MLflow's registry search filters: comparisons joined by AND, e.g.
 * `name LIKE '%iris%' AND tags.team = 'a'` or `run_id IN ('a', 'b') AND version_number > 2`.
 * Compiled to a parameterized SQL condition; user values and tag keys are always `?` parameters.
 */

export interface FilterAttribute {
  column: string;
  numeric?: boolean;
  operators: readonly string[];
}

export interface FilterTarget {
  attributes: Readonly<Record<string, FilterAttribute>>;
  /** A condition on one tag: `?` is the key, `{value}` is replaced by the value comparison. */
  tagCondition: string;
}

export interface SqlCondition {
  sql: string;
  params: (string | number)[];
}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'tag'; key: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: '(' | ')' | ','; pos: number };

export const STRING_OPERATORS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
export const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
const NUMBER = /^[+-]?\d+$/;

class FilterSyntax {
  private index = 0;
  private readonly tokens: Token[];

  constructor(private readonly filter: string) {
    this.tokens = tokenize(filter, (pos, detail) => this.fail(pos, detail));
  }

  fail(pos: number | undefined, detail: string): Error {
    return invalid(`Invalid filter '${this.filter}': ${detail}${pos === undefined ? '' : ` at position ${pos}`}`);
  }

  compile(target: FilterTarget): SqlCondition {
    const parts: SqlCondition[] = [this.comparison(target)];
    while (this.peek()) {
      const and = this.next();
      if (and?.kind !== 'word' || and.text.toUpperCase() !== 'AND') throw this.fail(and?.pos, 'expected AND (OR is not supported)');
      parts.push(this.comparison(target));
    }
    return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private comparison(target: FilterTarget): SqlCondition {
    const identifier = this.next();
    if (identifier?.kind === 'tag') return this.tagComparison(identifier.key, target);
    if (identifier?.kind !== 'word') throw this.fail(identifier?.pos ?? this.filter.length, 'expected an attribute or tags.<key>');
    const dot = identifier.text.indexOf('.');
    const prefix = dot < 0 ? '' : identifier.text.slice(0, dot).toLowerCase();
    if (prefix === 'tag' || prefix === 'tags') return this.tagComparison(identifier.text.slice(dot + 1), target);
    const key = prefix === 'attribute' || prefix === 'attributes' ? identifier.text.slice(dot + 1) : identifier.text;
    const attribute = Object.prototype.hasOwnProperty.call(target.attributes, key) ? target.attributes[key] : undefined;
    if (!attribute) throw invalid(`Invalid attribute name: ${key}. Valid attributes are ${Object.keys(target.attributes).join(', ')} and tags.<key>.`);
    const { operator, pos } = this.operator();
    if (!attribute.operators.includes(operator)) throw this.fail(pos, `invalid comparator '${operator}' for attribute ${key}; use ${attribute.operators.join(', ')}`);
    if (operator === 'IN' || operator === 'NOT IN') {
      const values = this.list(attribute.numeric === true);
      return { sql: `${attribute.column} ${operator} (${values.map(() => '?').join(', ')})`, params: values };
    }
    return compare(attribute.column, operator, this.value(attribute.numeric === true));
  }

  private tagComparison(key: string, target: FilterTarget): SqlCondition {
    if (key === '') throw this.fail(undefined, 'the tag key is empty');
    const { operator, pos } = this.operator();
    if (!(STRING_OPERATORS as readonly string[]).includes(operator)) throw this.fail(pos, `invalid comparator '${operator}' for a tag; use ${STRING_OPERATORS.join(', ')}`);
    const value = compare('t.value', operator, this.value(false));
    return { sql: target.tagCondition.replace('{value}', value.sql), params: [key, ...value.params] };
  }

  private operator(): { operator: string; pos: number } {
    const token = this.next();
    if (token?.kind === 'op') return { operator: token.text, pos: token.pos };
    if (token?.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') return { operator: upper, pos: token.pos };
      if (upper === 'NOT' && this.peek()?.kind === 'word' && (this.peek() as { text: string }).text.toUpperCase() === 'IN') {
        this.next();
        return { operator: 'NOT IN', pos: token.pos };
      }
    }
    throw this.fail(token?.pos ?? this.filter.length, 'expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN)');
  }

  private value(numeric: boolean): string | number {
    const token = this.next();
    if (numeric) {
      if ((token?.kind === 'word' || token?.kind === 'string') && NUMBER.test(token.text)) return Number(token.text);
      throw this.fail(token?.pos ?? this.filter.length, 'expected an integer');
    }
    if (token?.kind === 'string') return token.text;
    throw this.fail(token?.pos ?? this.filter.length, 'expected a quoted string');
  }

  private list(numeric: boolean): (string | number)[] {
    const open = this.next();
    if (open?.kind !== '(') throw this.fail(open?.pos ?? this.filter.length, "expected '(' after IN");
    const values = [this.value(numeric)];
    for (;;) {
      const token = this.next();
      if (token?.kind === ')') return values;
      if (token?.kind !== ',') throw this.fail(token?.pos ?? this.filter.length, "expected ',' or ')'");
      values.push(this.value(numeric));
    }
  }
}

function compare(column: string, operator: string, value: string | number): SqlCondition {
  if (operator === 'ILIKE') return { sql: `lower(${column}) LIKE lower(?)`, params: [value] };
  return { sql: `${column} ${operator} ?`, params: [value] };
}

function tokenize(filter: string, fail: (pos: number, detail: string) => Error): Token[] {
  const tokens: Token[] = [];
  const quoted = (start: number): { text: string; end: number } => {
    const close = filter.indexOf(filter.charAt(start), start + 1);
    if (close < 0) throw fail(start, 'unterminated quote');
    return { text: filter.slice(start + 1, close), end: close + 1 };
  };
  let i = 0;
  while (i < filter.length) {
    const ch = filter.charAt(i);
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, pos: i++ });
    } else if (ch === "'" || ch === '"') {
      const { text, end } = quoted(i);
      tokens.push({ kind: 'string', text, pos: start });
      i = end;
    } else if ('=!<>'.includes(ch)) {
      const two = filter.slice(i, i + 2);
      const text = ['!=', '<=', '>=', '<>'].includes(two) ? two : ch;
      if (text === '!') throw fail(i, "unexpected '!'");
      tokens.push({ kind: 'op', text: text === '<>' ? '!=' : text, pos: start });
      i += text.length;
    } else {
      while (i < filter.length && !/[\s()'",=!<>`]/.test(filter.charAt(i))) i++;
      const text = filter.slice(start, i);
      const next = filter.charAt(i);
      if (/^tags?\.$/i.test(text) && (next === '`' || next === '"')) {
        const key = quoted(i);
        tokens.push({ kind: 'tag', key: key.text, pos: start });
        i = key.end;
      } else if (text === '') {
        throw fail(i, `unexpected '${next}'`);
      } else {
        tokens.push({ kind: 'word', text, pos: start });
      }
    }
  }
  return tokens;
}

/** The SQL condition for a filter; `1` when there is none. */
export function compileRegistryFilter(filter: string | undefined, target: FilterTarget): SqlCondition {
  if (filter === undefined || filter.trim() === '') return { sql: '1', params: [] };
  return new FilterSyntax(filter).compile(target);
}

/**
 * ORDER BY terms for `<key> [ASC|DESC]` clauses over the given columns (an optional `attributes.`
 * prefix is allowed), each key at most once, then the `always` terms for keys not yet ordered.
 */
export function compileRegistryOrderBy(orderBy: readonly string[] | undefined, columns: Readonly<Record<string, string>>, always: readonly [string, 'ASC' | 'DESC'][]): string {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const clause of orderBy ?? []) {
    const match = /^\s*(?:attributes?\.)?(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    const column = match && Object.prototype.hasOwnProperty.call(columns, match[1]!) ? columns[match[1]!] : undefined;
    if (!match || !column) throw invalid(`Invalid order by key '${clause}' specified. Valid keys are ${Object.keys(columns).join(', ')}, each with ASC or DESC.`);
    if (seen.has(column)) throw invalid(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    seen.add(column);
    terms.push(`${column} ${(match[2] ?? 'ASC').toUpperCase()}`);
  }
  for (const [column, direction] of always) if (!seen.has(column)) terms.push(`${column} ${direction}`);
  return terms.join(', ');
}
