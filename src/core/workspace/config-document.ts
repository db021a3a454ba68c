import type { Document } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { ConfigProblem } from '../../shared/config-problems';
import { formatConfigProblem } from '../../shared/config-problems';

/** Where a value sits in mlops.yaml (keys and indexes), for line-numbered problems. */
export type Path = (string | number)[];

/** mlops.yaml is a small hand-written file; anything bigger is refused unread. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * How far aliases may expand (yaml counts each use, weighted by the aliases inside what it
 * names). yaml's default of 100 refuses a plain file that reuses one anchor 100 times; this
 * still stops a "billion laughs" file long before it costs memory.
 */
export const MAX_ALIAS_COUNT = 10_000;

type Range = [number, number, number];
interface Located {
  range?: Range | null;
}

/**
 * mlops.yaml parsed once, never throwing: its value as plain data and the problems found in it,
 * each placed on the line (and columns) of the key or value it is about.
 */
export class ConfigDocument {
  readonly problems: ConfigProblem[] = [];
  /** The file's value as plain data; undefined when the file is unusable as a whole. */
  root: unknown = undefined;
  /** False after a syntax error, too many aliases or an oversized file: nothing in the file applies. */
  readable = true;
  private doc: Document | undefined;
  private readonly lines = new LineCounter();

  private constructor(
    private readonly text: string,
    readonly label: string,
  ) {}

  static parse(text: string, label = 'mlops.yaml'): ConfigDocument {
    const config = new ConfigDocument(text, label);
    config.read();
    return config;
  }

  /** A document whose file could not be read at all (the reason is its one problem). */
  static unreadable(message: string, label = 'mlops.yaml'): ConfigDocument {
    const config = new ConfigDocument('', label);
    config.readable = false;
    config.problems.push({ line: 1, column: 1, endLine: 1, endColumn: 1, message });
    return config;
  }

  /** The problems as "mlops.yaml:LINE: message". */
  get errors(): string[] {
    return this.problems.map((p) => formatConfigProblem(p, this.label));
  }

  /** Reports a problem about the value at `path` (or, with target 'key', about its key). */
  report(path: Path, message: string, target: 'value' | 'key' = 'value'): void {
    const range = this.locate(path, target);
    this.add(range?.[0] ?? 0, range?.[1] ?? 0, message);
  }

  private read(): void {
    const bytes = Buffer.byteLength(this.text);
    if (bytes > MAX_CONFIG_BYTES) return this.refuse(0, 0, `the file is ${Math.ceil(bytes / 1024)} KiB; mlops.yaml may be at most ${MAX_CONFIG_BYTES / 1024} KiB`);
    try {
      // merge: `<<: *defaults` copies an anchored mapping's keys, so monitors can share settings.
      this.doc = parseDocument(this.text, { lineCounter: this.lines, prettyErrors: false, merge: true });
    } catch (error) {
      return this.refuse(0, 0, `cannot be read as YAML: ${(error as Error).message}`);
    }
    if (this.doc.errors.length > 0) {
      this.readable = false;
      for (const e of this.doc.errors) this.add(e.pos[0], e.pos[1], e.message.split('\n')[0]!);
      return;
    }
    try {
      this.root = this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      this.root = undefined;
      const alias = this.firstAlias();
      if (error instanceof ReferenceError && /alias/i.test(error.message)) {
        const name = alias ? ` (*${alias.source} and others)` : '';
        return this.refuse(alias?.range[0] ?? 0, alias?.range[1] ?? 0, `aliases${name} expand beyond the limit of ${MAX_ALIAS_COUNT} values; write the repeated values out, or reuse an anchor fewer times`);
      }
      return this.refuse(alias?.range[0] ?? 0, alias?.range[1] ?? 0, `cannot be read: ${(error as Error).message}`);
    }
  }

  private refuse(start: number, end: number, message: string): void {
    this.readable = false;
    this.add(start, end, message);
  }

  private firstAlias(): { source: string; range: Range } | undefined {
    let found: { source: string; range: Range } | undefined;
    if (!this.doc) return undefined;
    visit(this.doc, {
      Alias: (_key, node) => {
        if (node.range) found = { source: node.source, range: node.range };
        return visit.BREAK;
      },
    });
    return found;
  }

  /** The range of the node `path` names, or of its nearest ancestor that exists in the text. */
  private locate(path: Path, target: 'value' | 'key'): Range | undefined {
    let node: unknown = this.doc?.contents;
    let best = rangeOf(node);
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (!pair) break;
        const value = rangeOf(pair.value);
        const useKey = (last && target === 'key') || !value || value[1] <= value[0];
        best = (useKey ? rangeOf(pair.key) : value) ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        best = rangeOf(node) ?? best;
      } else break;
      // An alias stands for a value written elsewhere: the problem is shown where the alias is used.
      if (isAlias(node)) break;
    }
    return best;
  }

  private add(start: number, end: number, message: string): void {
    const from = this.lines.linePos(start);
    // A problem shows on its first line: a block value is marked up to that line's end.
    const lineEnd = this.text.indexOf('\n', start);
    const stop = Math.min(Math.max(end, start), lineEnd < 0 ? this.text.length : lineEnd);
    const to = this.lines.linePos(stop);
    const line = Math.max(from.line, 1);
    this.problems.push({ line, column: Math.max(from.col, 1), endLine: line, endColumn: Math.max(to.line === from.line ? to.col : from.col, from.col, 1), message });
  }
}

function rangeOf(node: unknown): Range | undefined {
  const range = (node as Located | null | undefined)?.range;
  return range ?? undefined;
}
