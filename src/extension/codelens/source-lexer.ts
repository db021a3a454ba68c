/**
 * The lexical layer of the metric scanner: strings (Python prefixes and triple quotes, JavaScript
 * templates), comments, identifiers and regular-expression literals, read from any offset without
 * state. Pure: no vscode.
 */

/** After these words a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Character codes (inlined by the compiler). */
export const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Comma = 44,
  Slash = 47,
  Colon = 58,
  Equals = 61,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

export interface StringToken {
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** f-string or template literal with `${}`: its text is not a literal key. */
  interpolated: boolean;
  raw: boolean;
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === Ch.Underscore || c === Ch.Dollar || c > 127;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isPrefixLetter(c: number): boolean {
  // r R b B u U f F
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;
}

export class Scanner {
  private readonly n: number;

  constructor(
    readonly text: string,
    private readonly python: boolean,
  ) {
    this.n = text.length;
  }

  /** A string literal starting at `p` (with a Python prefix such as f, r, rb), else undefined. */
  stringAt(p: number): StringToken | undefined {
    const { text } = this;
    let q = p;
    let fString = false;
    let raw = false;
    if (this.python) {
      while (q < p + 2 && q < this.n && isPrefixLetter(text.charCodeAt(q))) {
        const c = text.charCodeAt(q) | 32;
        if (c === 102) fString = true;
        if (c === 114) raw = true;
        q++;
      }
    }
    const quote = text.charCodeAt(q);
    if (quote !== Ch.SingleQuote && quote !== Ch.DoubleQuote && (this.python || quote !== Ch.Backtick)) return undefined;
    if (q > p && (quote === Ch.Backtick || (p > 0 && isIdentPart(text.charCodeAt(p - 1))))) return undefined;
    if (quote === Ch.Backtick) return this.template(q);
    const triple = this.python && text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    const bodyStart = q + (triple ? 3 : 1);
    let i = bodyStart;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === Ch.Backslash) {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (!triple) return { end: i + 1, bodyStart, bodyEnd: i, interpolated: fString, raw };
        if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) return { end: i + 3, bodyStart, bodyEnd: i, interpolated: fString, raw };
      }
      // An unterminated one-line string ends at the line's end, so one typo costs one line.
      if (c === Ch.LF && !triple) return { end: i, bodyStart, bodyEnd: i, interpolated: fString, raw };
      i++;
    }
    return { end: this.n, bodyStart, bodyEnd: this.n, interpolated: fString, raw };
  }

  private template(q: number): StringToken {
    const { text } = this;
    let interpolated = false;
    let i = q + 1;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === Ch.Backslash) {
        i += 2;
        continue;
      }
      if (c === Ch.Backtick) return { end: i + 1, bodyStart: q + 1, bodyEnd: i, interpolated, raw: false };
      if (c === Ch.Dollar && text.charCodeAt(i + 1) === Ch.OpenBrace) {
        interpolated = true;
        i = this.skipBalanced(i + 2, Ch.CloseBrace);
        continue;
      }
      i++;
    }
    return { end: this.n, bodyStart: q + 1, bodyEnd: this.n, interpolated, raw: false };
  }

  /** Skips code up to and past the `close` that balances an already-open bracket. */
  private skipBalanced(p: number, close: number): number {
    let depth = 1;
    let i = p;
    while (i < this.n) {
      const c = this.text.charCodeAt(i);
      const s = c === Ch.SingleQuote || c === Ch.DoubleQuote || c === Ch.Backtick ? this.stringAt(i) : undefined;
      if (s) {
        i = s.end;
        continue;
      }
      if (c === Ch.OpenBrace || c === Ch.OpenParen || c === Ch.OpenBracket) depth++;
      else if (c === Ch.CloseBrace || c === Ch.CloseParen || c === Ch.CloseBracket) {
        depth--;
        if (depth === 0) return c === close ? i + 1 : i;
      }
      i++;
    }
    return this.n;
  }

  /** Index after the comment starting at `p`, or `p` when none starts there. */
  commentEnd(p: number): number {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (this.python) return c === Ch.Hash ? this.lineEnd(p) : p;
    if (c !== Ch.Slash) return p;
    const next = text.charCodeAt(p + 1);
    if (next === Ch.Slash) return this.lineEnd(p);
    if (next === Ch.Star) {
      const close = text.indexOf('*/', p + 2);
      return close < 0 ? this.n : close + 2;
    }
    return p;
  }

  lineEnd(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.n : nl;
  }

  /** Skips whitespace, newlines, comments and Python line continuations. */
  skipTrivia(p: number): number {
    let i = p;
    while (i < this.n) {
      const c = this.text.charCodeAt(i);
      if (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || (this.python && c === Ch.Backslash)) {
        i++;
        continue;
      }
      const after = this.commentEnd(i);
      if (after === i) return i;
      i = after;
    }
    return i;
  }

  identEnd(p: number): number {
    let i = p;
    while (i < this.n && isIdentPart(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** Skips one argument or dict value: up to a `,` or the closer at depth 0 (not consumed). */
  skipValue(p: number, close: number, limit: number): number {
    let depth = 0;
    let i = p;
    while (i < limit) {
      const c = this.text.charCodeAt(i);
      const s = c === Ch.SingleQuote || c === Ch.DoubleQuote || c === Ch.Backtick || (this.python && isPrefixLetter(c)) ? this.stringAt(i) : undefined;
      if (s) {
        i = s.end;
        continue;
      }
      const after = this.commentEnd(i);
      if (after !== i) {
        i = after;
        continue;
      }
      if (isIdentStart(c)) {
        i = this.identEnd(i);
        continue;
      }
      if (c === Ch.OpenBrace || c === Ch.OpenParen || c === Ch.OpenBracket) depth++;
      else if (c === Ch.CloseBrace || c === Ch.CloseParen || c === Ch.CloseBracket) {
        if (depth === 0) return i;
        depth--;
      } else if (c === Ch.Comma && depth === 0) return i;
      i++;
    }
    return limit;
  }

  literalKey(s: StringToken): string | undefined {
    if (s.interpolated) return undefined;
    const body = this.text.slice(s.bodyStart, s.bodyEnd);
    if (body.length === 0 || body.includes('\n')) return undefined;
    return s.raw || !body.includes('\\') ? body : body.replace(/\\(.)/g, '$1');
  }
}

/** Where a Python string whose quote is at `quote` starts: before its prefix letters (f, r, rb…), if any. */
export function prefixStart(text: string, quote: number): number {
  let p = quote;
  while (p > quote - 2 && p > 0 && isPrefixLetter(text.charCodeAt(p - 1))) p--;
  return p > 0 && isIdentPart(text.charCodeAt(p - 1)) ? quote : p;
}

export function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR;
}

/** Whether a `/` at `p` opens a regular expression: after punctuation, a keyword or nothing, not after a value. */
export function regexAllowedAt(text: string, p: number): boolean {
  let q = p - 1;
  while (q >= 0 && isSpace(text.charCodeAt(q))) q--;
  if (q < 0) return true;
  const c = text.charCodeAt(q);
  if (c === Ch.CloseParen || c === Ch.CloseBracket || c === Ch.CloseBrace || c === Ch.SingleQuote || c === Ch.DoubleQuote || c === Ch.Backtick || (c >= 48 && c <= 57)) return false;
  if (!isIdentPart(c)) return true;
  const end = q + 1;
  while (q >= 0 && isIdentPart(text.charCodeAt(q))) q--;
  return REGEX_AFTER_WORDS.has(text.slice(q + 1, end));
}

/** Index after a regular-expression literal starting at `p`; `p + 1` when it is not one. */
export function regexEnd(text: string, p: number): number {
  let inClass = false;
  for (let i = p + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.LF) return p + 1;
    if (c === Ch.Backslash) {
      i++;
      continue;
    }
    if (c === Ch.OpenBracket) inClass = true;
    else if (c === Ch.CloseBracket) inClass = false;
    else if (c === Ch.Slash && !inClass) {
      let end = i + 1;
      while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
      return end;
    }
  }
  return p + 1;
}
