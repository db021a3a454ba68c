/**
 * Finds the param keys of YAML and JSON params files, named as MLflow logs them when a nested
 * file is flattened (`train.lr`). One pass over the text, no parser; only keys that hold values
 * are reported (`train:` itself is not a param), keys inside lists are skipped. Pure: no vscode.
 */

export interface ParamSite {
  /** Dotted name: `train.lr`. */
  key: string;
  /** The last segment: `lr`. */
  leaf: string;
  /** Offset of the key on its line. */
  offset: number;
}

export type ParamsFormat = 'yaml' | 'json';

/** `params.yaml` and friends: every key gets a lens, logged or not. */
export const PARAMS_FILE = /(^|[\\/])params\.(ya?ml|json)$/i;
/** YAML and JSON files that are never params, whatever keys they share with logged params. */
const NOT_PARAMS = /(^|[\\/])(package(-lock)?\.json|[tj]sconfig[^\\/]*\.json|mlops\.ya?ml|dvc\.lock|[^\\/]*\.schema\.json)$|[\\/]\.(vscode|mlops|git)[\\/]/i;

export function paramsFormatOf(path: string): ParamsFormat | undefined {
  const lower = path.toLowerCase();
  if (NOT_PARAMS.test(path)) return undefined;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

export function findParamSites(text: string, format: ParamsFormat): ParamSite[] {
  return format === 'yaml' ? findYamlParams(text) : findJsonParams(text);
}

interface Open {
  indent: number;
  key: string;
  site: number;
}

export function findYamlParams(text: string): ParamSite[] {
  const sites: (ParamSite & { parent?: boolean })[] = [];
  const stack: Open[] = [];
  let blockIndent = -1;
  let listIndent = -1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineStart = start;
    start = end + 1;
    let lineEnd = end;
    if (text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let p = lineStart;
    while (p < lineEnd && text.charCodeAt(p) === 32) p++;
    const indent = p - lineStart;
    if (p === lineEnd || text.charCodeAt(p) === 35 /* # */) continue;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (indent === 0 && (text.startsWith('---', p) || text.startsWith('...', p))) {
      stack.length = 0;
      listIndent = -1;
      continue;
    }
    const dash = text.charCodeAt(p) === 45 && (p + 1 === lineEnd || text.charCodeAt(p + 1) === 32);
    if (listIndent >= 0) {
      if (indent > listIndent || (indent === listIndent && dash)) continue;
      listIndent = -1;
    }
    if (dash) {
      listIndent = indent;
      continue;
    }
    const parsed = yamlKey(text, p, lineEnd);
    if (!parsed || parsed.key === '<<') continue;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) sites[parent.site]!.parent = true;
    const dotted = parent ? `${sites[parent.site]!.key}.${parsed.key}` : parsed.key;
    stack.push({ indent, key: parsed.key, site: sites.length });
    sites.push({ key: dotted, leaf: parsed.key, offset: p });
    if (parsed.value.startsWith('|') || parsed.value.startsWith('>')) blockIndent = indent;
  }
  return sites.filter((s) => !s.parent).map(({ key, leaf, offset }) => ({ key, leaf, offset }));
}

/** `key: value` at `p`: the key unquoted, the value without its comment; undefined if not a key line. */
function yamlKey(text: string, p: number, end: number): { key: string; value: string } | undefined {
  const first = text.charCodeAt(p);
  let key: string;
  let q: number;
  if (first === 34 || first === 39) {
    const close = text.indexOf(text[p]!, p + 1);
    if (close < 0 || close >= end) return undefined;
    key = text.slice(p + 1, close);
    if (first === 34 && key.includes('\\')) {
      try {
        key = JSON.parse(text.slice(p, close + 1)) as string;
      } catch {
        return undefined;
      }
    }
    q = close + 1;
    while (q < end && text.charCodeAt(q) === 32) q++;
    if (text.charCodeAt(q) !== 58) return undefined;
  } else {
    if (first === 123 || first === 91 || first === 38 || first === 42 || first === 33 || first === 63) return undefined; // { [ & * ! ?
    q = p;
    for (;;) {
      q = text.indexOf(':', q);
      if (q < 0 || q >= end) return undefined;
      const after = text.charCodeAt(q + 1);
      if (q + 1 === end || after === 32 || after === 9) break;
      q++;
    }
    const hash = text.indexOf(' #', p);
    if (hash >= 0 && hash < q) return undefined;
    key = text.slice(p, q).trimEnd();
    if (key.length === 0) return undefined;
  }
  let value = text.slice(q + 1, end).trim();
  const comment = value.startsWith('#') ? 0 : value.indexOf(' #');
  if (comment >= 0) value = value.slice(0, comment).trim();
  return { key, value };
}

interface JsonFrame {
  /** Dotted path of this object; undefined inside arrays (not addressable as params). */
  path: string | undefined;
  site: number;
  array: boolean;
}

export function findJsonParams(text: string): ParamSite[] {
  const sites: (ParamSite & { parent?: boolean })[] = [];
  const stack: JsonFrame[] = [];
  let pending = -1; // the site of a key whose value comes next
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) {
      const close = text.charCodeAt(i + 1) === 47 ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + (text.charCodeAt(i + 1) === 47 ? 1 : 2);
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const top = stack[stack.length - 1];
      let path: string | undefined;
      if (stack.length === 0) path = '';
      else if (pending >= 0 && c === 123) {
        sites[pending]!.parent = true;
        path = sites[pending]!.key;
      }
      stack.push({ path: top?.array ? undefined : path, site: pending, array: c === 91 });
      pending = -1;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      pending = -1;
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34 || d === 10) break;
        else j++;
      }
      const end = Math.min(j + 1, n);
      let k = end;
      while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13)) k++;
      const top = stack[stack.length - 1];
      if (text.charCodeAt(k) === 58 /* : */ && top && !top.array && top.path !== undefined) {
        let name: string | undefined;
        try {
          name = JSON.parse(text.slice(i, end)) as string;
        } catch {
          name = undefined;
        }
        if (name !== undefined && name.length > 0) {
          pending = sites.length;
          sites.push({ key: top.path ? `${top.path}.${name}` : name, leaf: name, offset: i });
        }
        i = k + 1;
        continue;
      }
      pending = -1;
      i = end;
      continue;
    }
    if (c === 44 /* , */) pending = -1;
    i++;
  }
  return sites.filter((s) => !s.parent).map(({ key, leaf, offset }) => ({ key, leaf, offset }));
}
