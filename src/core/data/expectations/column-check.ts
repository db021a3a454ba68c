import type { TableValue } from '../table-rows';
import type { ColumnExpectation, ColumnObservation, ExpectationResult } from './types';

/** How many offending rows a result names. */
const EXAMPLES = 3;

/** Offending values of one expectation: how many, and the first few with their rows. */
class Offences {
  count = 0;
  readonly examples: string[] = [];

  add(row: number, value: TableValue): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(`${JSON.stringify(value)} at row ${row}`);
  }

  /** "2 values below 0 (-3 at row 5, -1 at row 9)". */
  describe(noun: string, what = ''): string {
    const examples = `${this.examples.join(', ')}${this.count > this.examples.length ? ', …' : ''}`;
    return `${this.count} ${noun}${this.count === 1 ? '' : 's'}${what ? ` ${what}` : ''} (${examples})`;
  }
}

/** One column's expectations, updated row by row; holds only counts, the first offences and (for unique) the values seen. */
export class ColumnCheck {
  private missing = 0;
  private min: number | undefined;
  private max: number | undefined;
  private readonly wrongType = new Offences();
  private readonly below = new Offences();
  private readonly above = new Offences();
  private readonly duplicates = new Offences();
  private readonly disallowed = new Offences();
  private readonly seen: Set<string> | undefined;
  private readonly allowed: Set<string> | undefined;

  constructor(readonly spec: ColumnExpectation) {
    if (spec.unique) this.seen = new Set();
    if (spec.allowed) this.allowed = new Set(spec.allowed.map(String));
  }

  add(row: number, value: TableValue | undefined): void {
    if (value === null || value === undefined || value === '') {
      this.missing++;
      return;
    }
    const { spec } = this;
    if (typeof value === 'number') {
      if (this.min === undefined || value < this.min) this.min = value;
      if (this.max === undefined || value > this.max) this.max = value;
    }
    if (!fitsType(spec.type, value)) this.wrongType.add(row, value);
    if (spec.min !== undefined && !(typeof value === 'number' && value >= spec.min)) this.below.add(row, value);
    if (spec.max !== undefined && !(typeof value === 'number' && value <= spec.max)) this.above.add(row, value);
    if (this.allowed && !this.allowed.has(String(value))) this.disallowed.add(row, value);
    if (this.seen) {
      const key = `${typeof value}:${String(value)}`;
      if (this.seen.has(key)) this.duplicates.add(row, value);
      else this.seen.add(key);
    }
  }

  observation(rows: number): ColumnObservation {
    return { missing: this.missing, missing_share: rows === 0 ? 0 : this.missing / rows, ...(this.min !== undefined && { min: this.min, max: this.max! }) };
  }

  results(rows: number): ExpectationResult[] {
    const { spec } = this;
    const column = spec.name;
    const out: ExpectationResult[] = [];
    const add = (expectation: ExpectationResult['expectation'], passed: boolean, expected: string, observed: string): void => {
      out.push({ expectation, column, passed, expected, observed });
    };
    if (spec.type !== undefined) add('type', this.wrongType.count === 0, `every value ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}`, this.wrongType.count === 0 ? 'all are' : this.wrongType.describe('value', `not of type ${spec.type}`));
    if (spec.maxMissing !== undefined) {
      const share = rows === 0 ? 0 : this.missing / rows;
      add('missing', share <= spec.maxMissing, `missing share ≤ ${formatShare(spec.maxMissing)}`, `${formatShare(share)} (${this.missing} of ${rows} rows)`);
    }
    if (spec.min !== undefined) add('min', this.below.count === 0, `every value ≥ ${spec.min}`, this.below.count === 0 ? `smallest ${this.min ?? 'none'}` : this.below.describe('value', `below ${spec.min} or not a number`));
    if (spec.max !== undefined) add('max', this.above.count === 0, `every value ≤ ${spec.max}`, this.above.count === 0 ? `largest ${this.max ?? 'none'}` : this.above.describe('value', `above ${spec.max} or not a number`));
    if (spec.unique) add('unique', this.duplicates.count === 0, 'no value twice', this.duplicates.count === 0 ? `${this.seen!.size} distinct values` : this.duplicates.describe('repeated value'));
    if (spec.allowed) {
      const list = spec.allowed.map((v) => JSON.stringify(v)).join(', ');
      add('allowed', this.disallowed.count === 0, `values among ${list}`, this.disallowed.count === 0 ? 'all are' : this.disallowed.describe('value', 'outside the list'));
    }
    return out;
  }
}

function fitsType(kind: ColumnExpectation['type'], value: Exclude<TableValue, null>): boolean {
  switch (kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function formatShare(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}
