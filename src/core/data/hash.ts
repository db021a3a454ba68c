import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { md5InWorker } from './hash-worker';

/** Files at least this large are hashed in a worker thread, so the runtime's event loop stays free. */
export const WORKER_HASH_THRESHOLD = 64 * 1024 * 1024;

/** DVC 3's file hash: md5 of the raw bytes, streamed (in a worker thread from `workerAbove` bytes). */
export async function md5File(path: string, workerAbove = WORKER_HASH_THRESHOLD): Promise<{ md5: string; size: number }> {
  if ((await stat(path)).size >= workerAbove) return md5InWorker(path);
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { md5: hash.digest('hex'), size };
}

export function md5Bytes(bytes: string | Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export interface DirEntry {
  md5: string;
  relpath: string;
}

/** A string as Python's json.dumps writes it with ensure_ascii=True: \uXXXX per UTF-16 unit above 0x7F. */
export function pythonJsonString(text: string): string {
  if (/^[ !#-[\]-~]*$/.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += code === 0x7f ? ch : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * Compares by Unicode code point, as Python sorts strings. UTF-16 units order the same except that
 * surrogates (code points above U+FFFF) must sort after U+E000–U+FFFF: shifted at the first difference.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** True when some string holds a UTF-16 surrogate (a code point above U+FFFF). */
function anySurrogate(texts: readonly string[]): boolean {
  return texts.some((t) => /[\ud800-\udfff]/.test(t));
}

/**
 * The order in which DVC lists `relpaths` (by Unicode code point), as indexes into them: plain
 * UTF-16 comparison, the same order, unless some path holds a code point above U+FFFF.
 */
export function codePointOrder(relpaths: readonly string[]): Uint32Array {
  const order = new Uint32Array(relpaths.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  if (anySurrogate(relpaths)) return order.sort((a, b) => compareCodePoints(relpaths[a]!, relpaths[b]!));
  return order.sort((a, b) => {
    const x = relpaths[a]!;
    const y = relpaths[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The `.dir` manifest DVC 3 stores for a directory: `json.dumps(entries, sort_keys=True)` of the
 * files sorted by relpath, byte for byte; its md5 plus `.dir` is the directory's hash.
 */
export function dirManifest(entries: readonly DirEntry[]): { bytes: Buffer; md5: string } {
  const relpaths = entries.map((e) => e.relpath);
  return sortedManifest(codePointOrder(relpaths), relpaths, entries.map((e) => e.md5));
}

/** dirManifest of parallel arrays, `order` already sorted (codePointOrder): built and hashed in chunks, no object per entry. */
export function sortedManifest(order: ArrayLike<number>, relpaths: readonly string[], md5s: readonly string[]): { bytes: Buffer; md5: string } {
  const hash = createHash('md5');
  const chunks: Buffer[] = [];
  let text = '[';
  const flush = (): void => {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    chunks.push(chunk);
    text = '';
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    text += `${k === 0 ? '' : ', '}{"md5": ${pythonJsonString(md5s[i]!)}, "relpath": ${pythonJsonString(relpaths[i]!)}}`;
    if (text.length > 1 << 20) flush();
  }
  text += ']';
  flush();
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), md5: `${hash.digest('hex')}.dir` };
}
