// dvc.lock entries are written after every stage; the YAML library takes milliseconds per entry.
// The common entry (a short plain command, md5 items, flat params of whole numbers, booleans and
// plain words) is written here directly, byte for byte as `dumpPy` writes it; anything else is left
// to `dumpPy` (undefined). test/unit/pipeline/lock-dump-fast.test.ts holds the two to the same text.

/** Scalars the dumper leaves unquoted: a letter or `_` first, no `:`, `#`, quote or space, not a YAML keyword. */
const WORD = /^[A-Za-z_][A-Za-z0-9_./@-]*$/;
const COMMAND = /^[A-Za-z_/][A-Za-z0-9_./*>&|=$@%+, -]*$/;
const KEYWORD = /^(?:true|false|yes|no|on|off|null|y|n)$/i;
/** Shorter than the dumper's line width (80) less the deepest indent, so it is never folded. */
const MAX = 60;
/** An md5 with a letter other than `e` cannot read as a number. */
const MD5 = /^(?=[0-9a-f]*[a-df])[0-9a-f]{32}(?:\.dir)?$/;

const word = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX && WORD.test(v) && !KEYWORD.test(v);
const command = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX && COMMAND.test(v) && !KEYWORD.test(v) && !v.endsWith(' ') && !v.includes('  ');
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0);

function items(list: unknown): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  let text = '';
  for (const item of list as Record<string, unknown>[]) {
    const keys = Object.keys(item);
    const expected = ['path', ...(item.hash !== undefined ? ['hash'] : []), 'md5', ...(item.size !== undefined ? ['size'] : []), ...(item.nfiles !== undefined ? ['nfiles'] : [])];
    if (keys.join() !== expected.join() || !word(item.path) || (item.hash !== undefined && item.hash !== 'md5') || typeof item.md5 !== 'string' || !MD5.test(item.md5)) return undefined;
    if ((item.size !== undefined && !count(item.size)) || (item.nfiles !== undefined && !count(item.nfiles))) return undefined;
    text += `    - path: ${item.path}\n`;
    if (item.hash !== undefined) text += '      hash: md5\n';
    text += `      md5: ${item.md5}\n`;
    if (item.size !== undefined) text += `      size: ${item.size}\n`;
    if (item.nfiles !== undefined) text += `      nfiles: ${item.nfiles}\n`;
  }
  return text;
}

function params(files: unknown): string | undefined {
  if (typeof files !== 'object' || files === null || Array.isArray(files) || Object.keys(files).length === 0) return undefined;
  let text = '';
  for (const [file, values] of Object.entries(files)) {
    if (!word(file) || typeof values !== 'object' || values === null || Array.isArray(values) || Object.keys(values).length === 0) return undefined;
    text += `      ${file}:\n`;
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (!word(key) || !(count(value) || typeof value === 'boolean' || word(value))) return undefined;
      text += `        ${key}: ${String(value)}\n`;
    }
  }
  return text;
}

/** `dumpPy({ stages: { [name]: data } })` without its `stages:` line, or undefined when the entry is not of the common kind. */
export function fastStageSnippet(name: string, data: Record<string, unknown>): string | undefined {
  if (!word(name) || Object.keys(data)[0] !== 'cmd' || !command(data.cmd)) return undefined;
  let text = `  ${name}:\n    cmd: ${data.cmd}\n`;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'cmd') continue;
    const body = key === 'deps' || key === 'outs' ? items(value) : key === 'params' ? params(value) : undefined;
    if (body === undefined) return undefined;
    text += `    ${key}:\n${body}`;
  }
  return text;
}
