/**
 * Tokenizer for MLflow's run-search grammar (filter strings and order_by clauses).
 * It only splits text; what a word means (keyword, number, identifier) depends on where the
 * parser meets it.
 */

/** A malformed filter or order_by clause; the runtime answers it with INVALID_PARAMETER_VALUE. */
export class SearchSyntaxError extends Error {
  constructor(
    /** The whole text that failed to parse. */
    readonly input: string,
    /** 0-based offset of the offending text in `input`, when one applies. */
    readonly position: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SearchSyntaxError';
  }
}

/** What is being parsed, for error messages: "filter" or "order_by clause". */
export type SearchSubject = 'filter' | 'order_by clause';

export type ComparisonOperatorToken = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  /** A run of characters that are not whitespace, quotes, operators, parentheses or commas. */
  | { kind: 'word'; text: string; pos: number; raw: string }
  /** A quoted string: '...', "..." or `...`; `value` is the text between the quotes. */
  | { kind: 'string'; value: string; quote: '"' | "'" | '`'; pos: number; raw: string }
  /** `entity."key"` or entity.`key`: an identifier whose key was quoted. */
  | { kind: 'quoted-identifier'; entity: string; key: string; pos: number; raw: string }
  | { kind: 'operator'; text: ComparisonOperatorToken; pos: number; raw: string }
  | { kind: 'lparen' | 'rparen' | 'comma'; pos: number; raw: string };

export interface TokenStream {
  readonly tokens: readonly Token[];
  /** Length of the input: the position reported for "unexpected end of input". */
  readonly end: number;
  /** Builds the error to throw: `Invalid <subject> '<input>': <detail> at position <n> (<hint>)`. */
  fail(position: number | undefined, detail: string, hint?: string): SearchSyntaxError;
}

const QUOTES = new Set(['"', "'", '`']);
const WORD_STOP = new Set(['=', '!', '<', '>', '(', ')', ',', '"', "'", '`']);

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

function isWordChar(ch: string): boolean {
  return !isSpace(ch) && !WORD_STOP.has(ch);
}

/** Splits `input` into tokens; throws SearchSyntaxError on an unterminated quote or a stray character. */
export function tokenize(input: string, subject: SearchSubject): TokenStream {
  const fail = (position: number | undefined, detail: string, hint?: string): SearchSyntaxError => {
    const where = position === undefined ? '' : ` at position ${position}`;
    return new SearchSyntaxError(input, position, `Invalid ${subject} '${input}': ${detail}${where}${hint ? ` (${hint})` : ''}`);
  };
  const tokens: Token[] = [];
  let i = 0;

  /** Reads a quoted run starting at `start` (the opening quote); returns its content and end. */
  const readQuoted = (start: number, what: string): { value: string; end: number } => {
    const quote = input.charAt(start);
    const close = input.indexOf(quote, start + 1);
    if (close < 0) throw fail(start, `unterminated ${what} starting`);
    return { value: input.slice(start + 1, close), end: close + 1 };
  };

  while (i < input.length) {
    const ch = input.charAt(i);
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', pos: start, raw: ch });
      i++;
    } else if (ch === '=' || ch === '<' || ch === '>' || ch === '!') {
      const next = input.charAt(i + 1);
      const text = next === '=' && ch !== '=' ? `${ch}=` : ch;
      if (text === '!') throw fail(start, "unexpected '!'", "did you mean '!='?");
      tokens.push({ kind: 'operator', text: text as ComparisonOperatorToken, pos: start, raw: text });
      i += text.length;
    } else if (QUOTES.has(ch)) {
      const { value, end } = readQuoted(start, ch === '`' ? 'quoted key' : 'string');
      tokens.push({ kind: 'string', value, quote: ch as '"' | "'" | '`', pos: start, raw: input.slice(start, end) });
      i = end;
    } else {
      while (i < input.length && isWordChar(input.charAt(i))) i++;
      const text = input.slice(start, i);
      const next = input.charAt(i);
      if (text.endsWith('.') && (next === '"' || next === '`')) {
        // entity."quoted key" or entity.`quoted key`
        const { value, end } = readQuoted(i, 'quoted key');
        tokens.push({ kind: 'quoted-identifier', entity: text.slice(0, -1), key: value, pos: start, raw: input.slice(start, end) });
        i = end;
      } else {
        tokens.push({ kind: 'word', text, pos: start, raw: text });
      }
    }
  }
  return { tokens, end: input.length, fail };
}

/** How a token reads in an error message. */
export function describeToken(token: Token | undefined): string {
  return token ? `'${token.raw}'` : 'end of input';
}

/** The error for meeting `token` (undefined: the end of the input) where something else was expected. */
export function unexpectedToken(stream: TokenStream, token: Token | undefined, expected: string): SearchSyntaxError {
  return stream.fail(token?.pos ?? stream.end, `unexpected ${describeToken(token)}`, expected);
}
