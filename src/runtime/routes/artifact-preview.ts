import { open, realpath, stat } from 'node:fs/promises';
import { extname, sep } from 'node:path';
import { invalid, notFound } from '../../core/errors';
import { OnnxFormatError, readOnnxSignature } from '../../core/models';
import type { ArtifactPreview } from '../../shared/run-page';
import { RUN_PAGE_LIMITS } from '../../shared/run-page';

const TEXT = new Set(['.txt', '.log', '.md', '.yaml', '.yml', '.diff', '.patch', '.py', '.js', '.ts', '.toml', '.ini', '.cfg', '.html', '.xml', '.sh', '.r', '.sql', '.jsonl', '.ndjson']);
const IMAGES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml' };

/**
 * The file `file` of a run's artifact folder `root` as the run page previews it. The caller has
 * confined `file` lexically; here its real path must stay inside the real root too (no symlink out).
 */
export async function previewArtifact(root: string, file: string, path: string): Promise<ArtifactPreview> {
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => root), realpath(file).catch(() => undefined)]);
  if (!realFile) throw notFound(`Artifact '${path}' does not exist.`);
  if (realFile !== realRoot && !realFile.startsWith(realRoot + sep)) throw invalid(`Invalid artifact path: '${path}'.`);
  const info = await stat(realFile);
  if (!info.isFile()) throw invalid(`Artifact '${path}' is a folder; preview one of its files.`);
  const size = info.size;
  const ext = extname(path).toLowerCase();
  const none = (reason: string): ArtifactPreview => ({ kind: 'none', path, size, reason });

  if (ext === '.onnx') {
    if (size > RUN_PAGE_LIMITS.onnxBytes) return none(`The model is ${size.toLocaleString('en')} bytes, more than the preview reads.`);
    try {
      const signature = readOnnxSignature(await readHead(realFile, size));
      return { kind: 'onnx', path, size, signature: { ...signature, inputs: signature.inputs.map((i) => ({ ...i })), outputs: signature.outputs.map((o) => ({ ...o })) } };
    } catch (error) {
      if (error instanceof OnnxFormatError) return none(`Not a readable ONNX model: ${error.message}`);
      throw error;
    }
  }
  const mime = IMAGES[ext];
  if (mime) {
    if (size > RUN_PAGE_LIMITS.imageBytes) return none(`The image is ${size.toLocaleString('en')} bytes, more than the preview shows; open it instead.`);
    return { kind: 'image', path, size, dataUri: `data:${mime};base64,${(await readHead(realFile, size)).toString('base64')}` };
  }

  const limit = ext === '.json' ? Math.max(RUN_PAGE_LIMITS.textBytes, RUN_PAGE_LIMITS.jsonBytes) : RUN_PAGE_LIMITS.textBytes;
  const head = await readHead(realFile, Math.min(size, limit));
  if (head.subarray(0, 8192).includes(0)) return none('A binary file: open it or reveal it instead.');
  const truncated = size > head.length;
  const text = head.toString('utf8');
  if (ext === '.json' && !truncated) {
    try {
      return { kind: 'json', path, size, text: JSON.stringify(JSON.parse(text), null, 2), truncated: false };
    } catch {
      return { kind: 'text', path, size, text, truncated };
    }
  }
  if (ext === '.csv' || ext === '.tsv') return { kind: 'csv', path, size, ...csvHead(text, ext === '.tsv' ? '\t' : ',', truncated) };
  if (TEXT.has(ext) || ext === '.json' || ext === '' || isMostlyText(text)) return { kind: 'text', path, size, text: truncated ? cutAtLine(text) : text, truncated };
  return none('Not a text file: open it or reveal it instead.');
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isMostlyText(text: string): boolean {
  const sample = text.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12 && code !== 11) || code === 0xfffd) odd++;
  }
  return odd <= sample.length / 100;
}

function cutAtLine(text: string): string {
  const end = text.lastIndexOf('\n');
  return end > 0 ? text.slice(0, end + 1) : text;
}

/** The header and the first rows of delimited text; quoted fields may hold separators, quotes and newlines. */
export function csvHead(text: string, separator: string, truncated: boolean): { columns: string[]; rows: string[][]; truncated: boolean } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const max = RUN_PAGE_LIMITS.csvRows + 1;
  for (; i < text.length && records.length < max; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  // The last line counts only when the whole file was read (else it may be cut mid-row).
  if (i >= text.length && !truncated && (field !== '' || record.length > 0)) records.push([...record, field]);
  const [columns = [], ...rows] = records;
  return { columns, rows: rows.slice(0, RUN_PAGE_LIMITS.csvRows), truncated: truncated || i < text.length };
}
