import type { KeyValue } from './types';

/**
 * Logging with no library at all: a tracked command prints lines such as
 *   mlops:metric loss=0.25 accuracy=0.91 step=3
 *   mlops:param learning_rate=0.1
 *   mlops:tag model=tree
 * and `mlops run` records them. Values with spaces can be double-quoted.
 */
export type StdoutRecord =
  | { kind: 'metrics'; metrics: { key: string; value: number }[]; step?: number }
  | { kind: 'params'; params: KeyValue[] }
  | { kind: 'tags'; tags: KeyValue[] };

const LINE = /^\s*mlops:(metric|param|tag)\s+(.+?)\s*$/;
const PAIR = /([\w./\-:]+)=("(?:[^"\\]|\\.)*"|\S+)/g;

export function parseStdoutLine(line: string): StdoutRecord | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  const pairs: KeyValue[] = [];
  for (const m of match[2]!.matchAll(PAIR)) {
    const raw = m[2]!;
    pairs.push({ key: m[1]!, value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw });
  }
  if (pairs.length === 0) return undefined;
  if (match[1] === 'param') return { kind: 'params', params: pairs };
  if (match[1] === 'tag') return { kind: 'tags', tags: pairs };
  let step: number | undefined;
  const metrics: { key: string; value: number }[] = [];
  for (const { key, value } of pairs) {
    if (key === 'step' && /^-?\d+$/.test(value)) {
      step = Number(value);
      continue;
    }
    const parsed = parseNumber(value);
    if (parsed !== undefined) metrics.push({ key, value: parsed });
  }
  return metrics.length > 0 ? { kind: 'metrics', metrics, ...(step !== undefined && { step }) } : undefined;
}

function parseNumber(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}
