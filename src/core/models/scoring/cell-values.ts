import type { ElementStorage, ElementType } from './element-types';
import { doesNotFit } from './scoring-error';

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

/** Where a cell came from, for the message that refuses it: a dataframe cell, or a tensor element. */
export type CellPlace = { column: string; row: number } | { input: string; index: string };

function placeText(place: CellPlace): string {
  return 'column' in place ? `Column '${place.column}' row ${place.row}` : `Input '${place.input}' at ${place.index}`;
}

/**
 * A cell as a number, as numpy casts it: numbers as they are, null (and a missing cell) as NaN,
 * booleans as 1/0, decimal strings and "NaN"/"Infinity"/"inf" parsed; anything else is refused.
 */
export function numberOf(value: unknown, place: CellPlace): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (DECIMAL.test(value)) return Number(value);
    const special = SPECIAL[value.trim().toLowerCase()];
    if (special !== undefined) return special;
  }
  throw notNumeric(value, place);
}

/** Stores one cell into `target[index]`, converted to the element type. */
export function storeCell(target: ElementStorage, index: number, value: unknown, element: ElementType, place: CellPlace): void {
  switch (element.kind) {
    case 'float':
      (target as Float32Array)[index] = typeof value === 'number' ? value : numberOf(value, place);
      return;
    case 'integer':
      (target as Int32Array)[index] = integerOf(value, element, place);
      return;
    case 'bigint':
      (target as BigInt64Array)[index] = BigInt(integerOf(value, element, place));
      return;
    case 'bool':
      (target as Uint8Array)[index] = booleanOf(value, place) ? 1 : 0;
      return;
    case 'string':
      (target as string[])[index] = stringOf(value, place);
      return;
  }
}

function integerOf(value: unknown, element: ElementType, place: CellPlace): number {
  const n = numberOf(value, place);
  const [min, max] = element.range ?? [-Infinity, Infinity];
  if (!Number.isInteger(n) || n < min || n > max) {
    throw doesNotFit(`${placeText(place)}: ${preview(value)} is not a valid ${element.ort} (the model's input type)`);
  }
  return n;
}

function booleanOf(value: unknown, place: CellPlace): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string' && /^(true|false|0|1)$/i.test(value.trim())) return /^(true|1)$/i.test(value.trim());
  throw doesNotFit(`${placeText(place)}: ${preview(value)} is not a boolean`);
}

function stringOf(value: unknown, place: CellPlace): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw doesNotFit(`${placeText(place)}: ${preview(value)} is not a string`);
}

function notNumeric(value: unknown, place: CellPlace) {
  return doesNotFit(`${placeText(place)}: ${preview(value)} is not a number`);
}

export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
