import { invalid } from '../errors';

/**
 * MLflow's registry search filters parsed into comparisons: `name LIKE '%iris%' AND
 * tags.team = 'a'`, `run_id IN ('a', 'b') AND version_number > 2`, `` tags.`mlflow.prompt.is_prompt` != 'true' ``
 * (SearchModelUtils / SearchModelVersionUtils). Identifiers may be quoted with backticks or
 * double quotes; values are quoted strings, integers for numeric attributes, or a list for IN.
 */

export interface FilterAttribute {
  column: string;
  numeric?: boolean;
  operators: readonly string[];
}

export type FilterValue = string | number;

export type Comparison =
  | { kind: 'attribute'; key: string; attribute: FilterAttribute; operator: string; value: FilterValue | FilterValue[] }
  | { kind: 'tag'; key: string; operator: string; value: string };

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: '(' | ')' | ','; pos: number };

export const STRING_OPERATORS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
export const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
const NUMBER = /^[+-]?\d+$/;

class FilterSyntax {
  private index = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly filter: string,
    private readonly attributes: Readonly<Record<string, FilterAttribute>>,
  ) {
    this.tokens = tokenize(filter, (pos, detail) => this.fail(pos, detail));
  }

  fail(pos: number | undefined, detail: string): Error {
    return invalid(`Invalid filter '${this.filter}': ${detail}${pos === undefined ? '' : ` at position ${pos}`}`);
  }

  parse(): Comparison[] {
    const parts = [this.comparison()];
    while (this.peek()) {
      const and = this.next();
      if (and?.kind !== 'word' || and.text.toUpperCase() !== 'AND') throw this.fail(and?.pos, 'expected AND (OR is not supported)');
      parts.push(this.comparison());
    }
    return parts;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private comparison(): Comparison {
    const identifier = this.next();
    if (identifier?.kind !== 'word') throw this.fail(identifier?.pos ?? this.filter.length, 'expected an attribute or tags.<key>');
    const dot = identifier.text.indexOf('.');
    const prefix = dot < 0 ? '' : identifier.text.slice(0, dot).toLowerCase();
    if (prefix === 'tag' || prefix === 'tags') return this.tagComparison(unquote(identifier.text.slice(dot + 1)));
    const key = unquote(prefix === 'attribute' || prefix === 'attributes' ? identifier.text.slice(dot + 1) : identifier.text);
    const attribute = Object.prototype.hasOwnProperty.call(this.attributes, key) ? this.attributes[key] : undefined;
    if (!attribute) throw invalid(`Invalid attribute name: ${key}. Valid attributes are ${Object.keys(this.attributes).join(', ')} and tags.<key>.`);
    const { operator, pos } = this.operator();
    if (!attribute.operators.includes(operator)) throw this.fail(pos, `invalid comparator '${operator}' for attribute ${key}; use ${attribute.operators.join(', ')}`);
    const numeric = attribute.numeric === true;
    const value = operator === 'IN' || operator === 'NOT IN' ? this.list(numeric) : this.value(numeric);
    return { kind: 'attribute', key, attribute, operator, value };
  }

  private tagComparison(key: string): Comparison {
    if (key === '') throw this.fail(undefined, 'the tag key is empty');
    const { operator, pos } = this.operator();
    if (!(STRING_OPERATORS as readonly string[]).includes(operator)) throw this.fail(pos, `invalid comparator '${operator}' for a tag; use ${STRING_OPERATORS.join(', ')}`);
    return { kind: 'tag', key, operator, value: this.value(false) as string };
  }

  private operator(): { operator: string; pos: number } {
    const token = this.next();
    if (token?.kind === 'op') return { operator: token.text, pos: token.pos };
    if (token?.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') return { operator: upper, pos: token.pos };
      const following = this.peek();
      if (upper === 'NOT' && following?.kind === 'word' && following.text.toUpperCase() === 'IN') {
        this.next();
        return { operator: 'NOT IN', pos: token.pos };
      }
    }
    throw this.fail(token?.pos ?? this.filter.length, 'expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN)');
  }

  private value(numeric: boolean): FilterValue {
    const token = this.next();
    if (numeric) {
      if ((token?.kind === 'word' || token?.kind === 'string') && NUMBER.test(token.text)) return Number(token.text);
      throw this.fail(token?.pos ?? this.filter.length, 'expected an integer');
    }
    if (token?.kind === 'string') return token.text;
    throw this.fail(token?.pos ?? this.filter.length, 'expected a quoted string');
  }

  private list(numeric: boolean): FilterValue[] {
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

/** A key as written, without the backticks or double quotes around it. */
function unquote(key: string): string {
  return /^([`"]).*\1$/s.test(key) && key.length >= 2 ? key.slice(1, -1) : key;
}

function tokenize(filter: string, fail: (pos: number, detail: string) => Error): Token[] {
  const tokens: Token[] = [];
  const closing = (start: number): number => {
    const close = filter.indexOf(filter.charAt(start), start + 1);
    if (close < 0) throw fail(start, 'unterminated quote');
    return close + 1;
  };
  let i = 0;
  while (i < filter.length) {
    const ch = filter.charAt(i);
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, pos: i++ });
    } else if (ch === "'" || (ch === '"' && !identifierFollows(tokens))) {
      i = closing(i);
      tokens.push({ kind: 'string', text: filter.slice(start + 1, i - 1), pos: start });
    } else if ('=!<>'.includes(ch)) {
      const two = filter.slice(i, i + 2);
      const text = ['!=', '<=', '>=', '<>'].includes(two) ? two : ch;
      if (text === '!') throw fail(i, "unexpected '!'");
      tokens.push({ kind: 'op', text: text === '<>' ? '!=' : text, pos: start });
      i += text.length;
    } else {
      // An identifier: words, dots and quoted parts (tags.`a.b`, `name`, tags."key").
      while (i < filter.length && !/[\s()',=!<>]/.test(filter.charAt(i))) i = filter.charAt(i) === '`' || filter.charAt(i) === '"' ? closing(i) : i + 1;
      if (i === start) throw fail(i, `unexpected '${ch}'`);
      tokens.push({ kind: 'word', text: filter.slice(start, i), pos: start });
    }
  }
  return tokens;
}

/** A double quote starts an identifier where one is expected (`"name" = 'x'`), else a value. */
function identifierFollows(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last === undefined || (last.kind === 'word' && last.text.toUpperCase() === 'AND');
}

/** The comparisons of a filter; none when it is empty. */
export function parseRegistryFilter(filter: string | undefined, attributes: Readonly<Record<string, FilterAttribute>>): Comparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  return new FilterSyntax(filter, attributes).parse();
}
