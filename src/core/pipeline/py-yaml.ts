import { parseDocument, stringify } from 'yaml';
import type { ScalarTag, Tags } from 'yaml';

/** A YAML float whose value is whole (`1.0`): JavaScript would make it 1, Python keeps it a float. */
export class PyFloat {
  constructor(readonly value: number) {}
  toString(): string {
    return pyFloat(this.value);
  }
}

/** Python's repr() of a float, as ruamel writes it (`1.0`, `0.2`, `1.0e-05`). */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 16) {
    const [mantissa, e] = n.toExponential().split('e') as [string, string];
    const power = Number(e);
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  }
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Floats as YAML 1.2 (ruamel) reads and writes them: whole ones kept as PyFloat, others in Python's notation. */
const floatTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$/,
  resolve: (text: string) => {
    const n = Number(text);
    return Number.isInteger(n) && FLOAT.test(text) ? new PyFloat(n) : n;
  },
  identify: (value: unknown) => value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value)),
  stringify: ({ value }) => pyFloat(value instanceof PyFloat ? value.value : (value as number)),
};

const tags = (defaults: Tags): Tags => [floatTag, ...defaults];

/** Parses YAML keeping whole floats as PyFloat. */
export function parsePy(text: string): unknown {
  const doc = parseDocument(text, { customTags: tags, uniqueKeys: false });
  if (doc.errors[0]) throw doc.errors[0];
  return doc.toJS();
}

/** Writes YAML as DVC's ruamel dumper does: block style, list items at their key's indent, single quotes. */
export function dumpPy(data: unknown): string {
  return stringify(data, { customTags: tags, indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** Deep equality where a PyFloat equals the number it holds. */
export function sameValue(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): unknown => (v instanceof PyFloat ? v.value : v);
  a = plain(a);
  b = plain(b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
