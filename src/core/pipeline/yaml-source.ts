import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { invalid } from '../errors';
import type { DomainError } from '../errors';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say on which line any of its values starts. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly root: Node | null,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; a syntax error is an INVALID_PARAMETER_VALUE naming `file:line`. */
  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const [error] = doc.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line;
      throw invalid(`${file}:${line}: ${error.message.split('\n')[0]}`);
    }
    return new YamlSource(file, doc.toJS({ maxAliasCount: 1000 }) as unknown, (doc.contents as Node | null) ?? null, lines);
  }

  /** 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  lineOf(path: YamlPath): number {
    let node: unknown = this.root;
    let line = 1;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        const at = (pair.key as Node | null)?.range?.[0];
        if (at !== undefined) line = this.lines.linePos(at).line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        const at = (node as Node | undefined)?.range?.[0];
        if (at !== undefined) line = this.lines.linePos(at).line;
      } else break;
    }
    return line;
  }

  /** An INVALID_PARAMETER_VALUE error pointing at the line of `path`. */
  error(path: YamlPath, message: string): DomainError {
    return invalid(`${this.file}:${this.lineOf(path)}: ${message}`);
  }
}
