/**
 * Finds where Python, JavaScript and TypeScript sources log metrics, in one pass over the text
 * and without parsing (a regular expression skips plain code and stops only at comments, strings
 * and the logging calls' names): `log_metric("k", …)` / `logMetric('k', …)` on any receiver,
 * `log_metrics({"a": …})` / `logMetrics({ a: … })` (one site per literal key) and stdout protocol
 * lines (`mlops:metric k=v`) inside print / console.log strings. Comments are skipped, keys that
 * are computed (f-strings, templates with `${}`, variables) are not reported. Pure: no vscode.
 */

import { Ch, Scanner, isIdentPart, isIdentStart, isSpace, prefixStart, regexAllowedAt, regexEnd } from './source-lexer';

export interface MetricSite {
  key: string;
  /** Where the lens goes: the call's name for log_metric, the key itself in a dict or stdout line. */
  offset: number;
}

export type CodeDialect = 'python' | 'js';

const LANGUAGES: Record<string, CodeDialect> = {
  python: 'python',
  javascript: 'js',
  typescript: 'js',
  javascriptreact: 'js',
  typescriptreact: 'js',
};

export function dialectOf(languageId: string): CodeDialect | undefined {
  return LANGUAGES[languageId];
}

const SINGLE_KEY_CALLS = new Set(['log_metric', 'logMetric']);
/** Callees whose string arguments may carry stdout protocol lines (the last name of the chain). */
const PRINT_CALLEES = new Set(['print', 'log', 'info', 'debug', 'warn', 'error', 'write', 'echo']);
/** How far past a call's name the argument reader looks (keeps a half-typed call cheap). */
const LOOKAHEAD = 20_000;

/** The metric sites of a source file, in text order. O(text length). */
export function findMetricSites(text: string, dialect: CodeDialect): MetricSite[] {
  // Most sources log nothing: three native substring searches settle them.
  if (!text.includes('log_metric') && !text.includes('logMetric') && !text.includes('mlops:metric')) return [];
  const python = dialect === 'python';
  const sc = new Scanner(text, python);
  const sites: MetricSite[] = [];
  const protocol = occurrences(text, 'mlops:metric');
  let nextProtocol = 0;
  // The regular expression engine skips plain code natively; only comments, strings (and in
  // JavaScript `/`, which may open a regular expression) and the logging calls' names stop it.
  const token = python ? PY_TOKEN : JS_TOKEN;
  token.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = token.exec(text))) {
    const p = match.index;
    const c = text.charCodeAt(p);
    if (c === Ch.Hash || c === Ch.Slash) {
      const after = sc.commentEnd(p);
      token.lastIndex = after !== p ? after : regexAllowedAt(text, p) ? regexEnd(text, p) : p + 1;
      continue;
    }
    if (c === Ch.SingleQuote || c === Ch.DoubleQuote || c === Ch.Backtick) {
      const start = python ? prefixStart(text, p) : p;
      const s = sc.stringAt(start);
      if (!s) continue;
      while (nextProtocol < protocol.length && protocol[nextProtocol]! < s.bodyStart) nextProtocol++;
      if (nextProtocol < protocol.length && protocol[nextProtocol]! < s.bodyEnd && printArgument(text, start)) stdoutSites(text, s.bodyStart, s.bodyEnd, sites);
      token.lastIndex = s.end;
      continue;
    }
    const name = match[0];
    if (SINGLE_KEY_CALLS.has(name)) singleKeyCall(sc, p, p + name.length, sites);
    else dictCall(sc, text, p + name.length, python, sites);
  }
  return sites;
}

const PY_TOKEN = /#|["']|\blog(?:_metrics?|Metrics?)\b/g;
const JS_TOKEN = /\/|["'`]|\blog(?:_metrics?|Metrics?)\b/g;

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** Whether the string starting at `start` is the first argument of print(, console.log(, write(… */
function printArgument(text: string, start: number): boolean {
  let p = start - 1;
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--;
  if (text.charCodeAt(p) !== Ch.OpenParen) return false;
  p--;
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--;
  const end = p + 1;
  while (p >= 0 && isIdentPart(text.charCodeAt(p))) p--;
  return end - p - 1 <= 5 && PRINT_CALLEES.has(text.slice(p + 1, end));
}

/** `log_metric("k", …)`, `log_metric(key="k", …)`, `logMetric('k', …)`: the lens sits on the call's name. */
function singleKeyCall(sc: Scanner, nameStart: number, nameEnd: number, sites: MetricSite[]): void {
  const { text } = sc;
  let p = sc.skipTrivia(nameEnd);
  if (text.charCodeAt(p) !== Ch.OpenParen) return;
  p = sc.skipTrivia(p + 1);
  let s = sc.stringAt(p);
  if (!s && text.startsWith('key', p) && !isIdentPart(text.charCodeAt(p + 3))) {
    p = sc.skipTrivia(p + 3);
    if (text.charCodeAt(p) !== Ch.Equals || text.charCodeAt(p + 1) === Ch.Equals) return;
    s = sc.stringAt(sc.skipTrivia(p + 1));
  }
  const key = s && sc.literalKey(s);
  if (key) sites.push({ key, offset: nameStart });
}

/** `log_metrics({"a": …, "b": …})`, `log_metrics(dict(a=…))`, `logMetrics({ a: …, 'b': …, c })`. */
function dictCall(sc: Scanner, text: string, nameEnd: number, python: boolean, sites: MetricSite[]): void {
  const limit = Math.min(text.length, nameEnd + LOOKAHEAD);
  let p = sc.skipTrivia(nameEnd);
  if (text.charCodeAt(p) !== Ch.OpenParen) return;
  p = sc.skipTrivia(p + 1);
  if (text.charCodeAt(p) === Ch.OpenBrace) return dictEntries(sc, text, p + 1, python, limit, sites);
  if (python && text.startsWith('dict', p)) {
    const q = sc.skipTrivia(p + 4);
    if (text.charCodeAt(q) === Ch.OpenParen) kwargEntries(sc, text, q + 1, limit, sites);
  }
}

function dictEntries(sc: Scanner, text: string, start: number, python: boolean, limit: number, sites: MetricSite[]): void {
  let p = start;
  while (p < limit) {
    p = sc.skipTrivia(p);
    const c = text.charCodeAt(p);
    if (c === Ch.CloseBrace || p >= limit) return;
    let key: string | undefined;
    let keyOffset = p;
    let shorthandOk = false;
    const s = sc.stringAt(p);
    if (s) {
      key = sc.literalKey(s);
      keyOffset = s.bodyStart;
      p = s.end;
    } else if (isIdentStart(c)) {
      const end = sc.identEnd(p);
      // A Python dict's bare name is a variable; a JavaScript object's is the key.
      if (!python) key = text.slice(p, end);
      shorthandOk = !python;
      p = end;
    }
    p = sc.skipTrivia(p);
    const next = text.charCodeAt(p);
    if (next === Ch.Colon && key) sites.push({ key, offset: keyOffset });
    else if (shorthandOk && key && (next === Ch.Comma || next === Ch.CloseBrace)) sites.push({ key, offset: keyOffset });
    p = sc.skipValue(p, Ch.CloseBrace, limit);
    if (text.charCodeAt(p) !== Ch.Comma) return;
    p++;
  }
}

function kwargEntries(sc: Scanner, text: string, start: number, limit: number, sites: MetricSite[]): void {
  let p = start;
  while (p < limit) {
    p = sc.skipTrivia(p);
    if (isIdentStart(text.charCodeAt(p))) {
      const end = sc.identEnd(p);
      const eq = sc.skipTrivia(end);
      if (text.charCodeAt(eq) === Ch.Equals && text.charCodeAt(eq + 1) !== Ch.Equals) sites.push({ key: text.slice(p, end), offset: p });
    }
    p = sc.skipValue(p, Ch.CloseParen, limit);
    if (text.charCodeAt(p) !== Ch.Comma) return;
    p++;
  }
}

const PROTOCOL = /(?:^|[\s]|\\[nrt])mlops:metric[ \t]+/g;
const PAIR_KEY = /([\w./\-:]+)=/y;

/**
 * The keys of `mlops:metric k=v …` lines inside one string's source text (the format of
 * src/core/tracking/stdout-protocol.ts). Values may be anything (`{loss:.4f}`, `${loss}`, `%f`);
 * `step` is not a metric.
 */
export function stdoutSites(text: string, bodyStart: number, bodyEnd: number, sites: MetricSite[]): void {
  if (bodyEnd - bodyStart < 14) return;
  const body = text.slice(bodyStart, bodyEnd);
  if (!body.includes('mlops:metric')) return;
  PROTOCOL.lastIndex = 0;
  while (PROTOCOL.exec(body)) {
    let p = PROTOCOL.lastIndex;
    for (;;) {
      while (body.charCodeAt(p) === Ch.Space || body.charCodeAt(p) === Ch.Tab) p++;
      PAIR_KEY.lastIndex = p;
      const pair = PAIR_KEY.exec(body);
      if (!pair) break;
      const key = pair[1]!;
      if (key !== 'step') sites.push({ key, offset: bodyStart + p });
      p = PAIR_KEY.lastIndex;
      let depth = 0;
      while (p < body.length) {
        const c = body.charCodeAt(p);
        if (c === Ch.OpenBrace) depth++;
        else if (c === Ch.CloseBrace) depth--;
        else if (depth <= 0 && (c === Ch.Space || c === Ch.Tab || c === Ch.LF || (c === Ch.Backslash && body.charCodeAt(p + 1) === 110))) break;
        p++;
      }
      if (body.charCodeAt(p) === Ch.Backslash || body.charCodeAt(p) === Ch.LF) break;
    }
    PROTOCOL.lastIndex = Math.max(PROTOCOL.lastIndex, p);
  }
}
