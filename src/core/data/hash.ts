import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** DVC 3's file hash: md5 of the raw bytes, streamed. */
export async function md5File(path: string): Promise<{ md5: string; size: number }> {
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

/** Compares by Unicode code point, as Python sorts strings (JS's default compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * The `.dir` manifest DVC 3 stores for a directory: `json.dumps(entries, sort_keys=True)` of the
 * files sorted by relpath, byte for byte; its md5 plus `.dir` is the directory's hash.
 */
export function dirManifest(entries: readonly DirEntry[]): { bytes: Buffer; md5: string } {
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.relpath, b.relpath));
  const text = `[${sorted.map((e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`).join(', ')}]`;
  const bytes = Buffer.from(text, 'utf8');
  return { bytes, md5: `${md5Bytes(bytes)}.dir` };
}
