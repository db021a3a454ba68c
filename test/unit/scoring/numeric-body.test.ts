import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseNumericBody, requestOfJson } from '../../../src/core/models';

const ALL = { frame: true, tensor: true };

/** The general path's numbers: JSON.parse, then the float32 store every fill does. */
function generalFloats(text: string): { format: string; columns: string[] | null; data: Float32Array } {
  const request = requestOfJson(JSON.parse(text));
  const input = request.input;
  if (input.kind === 'frame' && input.frame.kind === 'rows') return { format: request.format, columns: input.frame.columns, data: Float32Array.from(input.frame.rows.flat() as number[]) };
  if (input.kind === 'tensor') return { format: request.format, columns: null, data: Float32Array.from((input.value as number[][]).flat()) };
  throw new Error(`unexpected input ${input.kind}`);
}

const blank = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
/** JSON number texts of every shape: integers, decimals, exponents, long mantissas, tiny and huge powers, -0. */
const numberText = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.double({ min: -1000, max: 1000, noNaN: true }).map((x) => x.toFixed(4)),
  fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom('e', 'E', 'e+', 'E-', 'e-')).map(([m, e, mark]) => `${m}${mark}${e}`),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[0-9]{1,25}$/)).map(([i, f]) => `${i}.${f}`),
  fc.constantFrom('-0', '0', '-0.0', '0e5', '1e400', '-1e400', '1e-400', '3.4028235677973366e38', '1.401298464324817e-45', '9007199254740993', '0.1', '123456789012345678901234567890'),
);

const matrix = fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(numberText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));

function bodyOf(kind: 'split' | 'split-data-first' | 'inputs' | 'instances', rows: string[][], gap: () => string): string {
  const list = `[${rows.map((row) => `${gap()}[${row.map((n) => `${gap()}${n}${gap()}`).join(',')}]${gap()}`).join(',')}]`;
  const columns = `[${rows[0]!.map((_, k) => `${gap()}"c${k}"${gap()}`).join(',')}]`;
  switch (kind) {
    case 'split':
      return `${gap()}{${gap()}"dataframe_split"${gap()}:${gap()}{"columns":${gap()}${columns},${gap()}"data"${gap()}:${list}}${gap()}}${gap()}`;
    case 'split-data-first':
      return `{"dataframe_split":{"data":${list},"columns":${columns}${gap()}}}`;
    default:
      return `{"${kind}":${gap()}${list}}`;
  }
}

describe('numeric bodies read straight into float32', () => {
  it('gives exactly the general path’s float32 values for any all-number body', () => {
    fc.assert(
      fc.property(fc.constantFrom('split', 'split-data-first', 'inputs', 'instances' as const), matrix, fc.array(blank, { minLength: 1, maxLength: 8 }), (kind, rows, gaps) => {
        let g = 0;
        const text = bodyOf(kind, rows, () => gaps[g++ % gaps.length]!);
        const fast = parseNumericBody(Buffer.from(text), rows.length, ALL);
        const general = generalFloats(text);
        assert.ok(fast, `the fast path read ${text}`);
        assert.equal(fast.format, general.format);
        assert.deepEqual(fast.columns, general.columns);
        assert.equal(fast.rows, rows.length);
        assert.deepEqual(fast.data, general.data);
        // In chunks, as a socket delivers it.
        const bytes = Buffer.from(text);
        const cut = Math.floor(bytes.length / 3);
        assert.deepEqual(parseNumericBody([bytes.subarray(0, cut), bytes.subarray(cut)], rows.length, ALL)?.data, general.data);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves every other body to the general path (undefined), or reads it as that path does', () => {
    const base = '{"dataframe_split":{"columns":["a","b"],"data":[[1,2],[3,4]]}}';
    const edits = fc.oneof(
      fc.tuple(fc.nat(base.length), fc.constantFrom('null', '"1"', 'NaN', 'Infinity', ',', '[', ']', '{', '}', '"', '\\', '.', '-', 'e', 'x', ' ', '01', '[]', ',"index":[0,1]', '\u00a0')).map(([at, token]) => base.slice(0, at) + token + base.slice(at)),
      fc.tuple(fc.nat(base.length), fc.nat(4)).map(([at, n]) => base.slice(0, at) + base.slice(at + n)),
    );
    fc.assert(
      fc.property(edits, fc.integer({ min: 1, max: 3 }), (text, rows) => {
        const fast = parseNumericBody(Buffer.from(text), rows, ALL);
        if (fast === undefined) return;
        assert.deepEqual(fast.data, generalFloats(text).data, text);
      }),
      { numRuns: 1000 },
    );
    const refused = [
      '{"dataframe_split":{"columns":["a"],"data":[[null]]}}',
      '{"dataframe_split":{"columns":["a"],"data":[[NaN]]}}',
      '{"dataframe_split":{"columns":["a"],"data":[["1"]]}}',
      '{"dataframe_split":{"columns":["a\\u0062"],"data":[[1]]}}',
      '{"dataframe_split":{"columns":["a","b"],"data":[[1]]}}',
      '{"dataframe_split":{"columns":["a"],"index":[0],"data":[[1]]}}',
      '{"dataframe_split":{"columns":["a"],"data":[[1]]},"params":{}}',
      '{"inputs":[[1,2],[3]]}',
      '{"inputs":[1,2]}',
      '{"inputs":{"x":[[1]]}}',
      '{"inputs":[[1]],"inputs":[[2]]}',
      '{"dataframe_records":[{"a":1}]}',
      '{"inputs":[[1]]} x',
      '{"inputs":[[01]]}',
      '{"inputs":[[1.]]}',
      '{"inputs":[[.5]]}',
      '{"inputs":[[+1]]}',
    ];
    for (const text of refused) assert.equal(parseNumericBody(Buffer.from(text), 1, ALL), undefined, text);
    // A row count other than the scanner's, or a kind of body the model cannot take this way.
    assert.equal(parseNumericBody(Buffer.from('{"inputs":[[1],[2]]}'), 1, ALL), undefined);
    assert.equal(parseNumericBody(Buffer.from('{"inputs":[[1],[2]]}'), 3, ALL), undefined);
    assert.equal(parseNumericBody(Buffer.from('{"inputs":[[1]]}'), 1, { frame: true, tensor: false }), undefined);
    assert.equal(parseNumericBody(Buffer.from(base), 2, { frame: false, tensor: true }), undefined);
  });
});
