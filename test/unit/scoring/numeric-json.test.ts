import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { answerJson, predictionsJson } from '../../../src/core/models';
import type { NamedOutput } from '../../../src/core/models';

type Type = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

function tensorData(type: Type, values: number[]): NamedOutput['tensor']['data'] {
  switch (type) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int32':
      return Int32Array.from(values, (v) => (Number.isFinite(v) ? Math.trunc(v) | 0 : 0));
    case 'int64':
      return BigInt64Array.from(values, (v) => BigInt(Number.isFinite(v) ? Math.trunc(v) % 2 ** 53 : 0));
    case 'bool':
      return Uint8Array.from(values, (v) => (v > 0 ? 1 : 0));
  }
}

/** The value as the object-building path makes it: plain JS values, then JSON.stringify. */
function plain(type: Type, data: ArrayLike<unknown>, i: number): unknown {
  const v = data[i];
  return type === 'int64' ? Number(v as bigint) : type === 'bool' ? Boolean(v) : v;
}

function referenceRecords(outputs: NamedOutput[], rows: number, types: Type[]): string {
  const list = [];
  for (let r = 0; r < rows; r++) {
    const record: Record<string, unknown> = {};
    outputs.forEach((o, c) => {
      const width = o.tensor.dims.slice(1).reduce((a, b) => a * b, 1);
      record[o.name] = width === 1 ? plain(types[c]!, o.tensor.data, r) : Array.from({ length: width }, (_, k) => plain(types[c]!, o.tensor.data, r * width + k));
    });
    list.push(record);
  }
  return JSON.stringify(list);
}

function referenceTensors(outputs: NamedOutput[], types: Type[]): string {
  const dict: Record<string, unknown> = {};
  outputs.forEach((o, c) => {
    const dims = o.tensor.dims;
    const at = (i: number) => plain(types[c]!, o.tensor.data, i);
    if (dims.length === 0) dict[o.name] = at(0);
    else if (dims.length === 1) dict[o.name] = Array.from({ length: dims[0]! }, (_, i) => at(i));
    else dict[o.name] = Array.from({ length: dims[0]! }, (_, r) => Array.from({ length: dims[1]! }, (_, k) => at(r * dims[1]! + k)));
  });
  return JSON.stringify(dict);
}

const value = fc.oneof(fc.double(), fc.float().map(Number), fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.1, 1e21, 1e-7));

describe('predictions written straight from the tensors', () => {
  it('are the bytes JSON.stringify writes for the built values (records and tensors)', () => {
    const output = (rows: number) =>
      fc.tuple(fc.constantFrom<Type>('float32', 'float64', 'int32', 'int64', 'bool'), fc.constantFrom<number[]>([], [1], [2], [3], [1, 1]), fc.string({ maxLength: 6 })).chain(([type, inner, name]) => {
        const width = inner.reduce((a, b) => a * b, 1);
        return fc.array(value, { minLength: rows * width, maxLength: rows * width }).map((values) => ({ type, output: { name, tensor: { type, dims: [rows, ...inner], data: tensorData(type, values) } } as NamedOutput }));
      });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((rows) => fc.tuple(fc.constant(rows), fc.uniqueArray(output(rows), { minLength: 1, maxLength: 3, selector: (o) => o.output.name }))),
        ([rows, list]) => {
          const outputs = list.map((o) => o.output);
          const types = list.map((o) => o.type);
          const records = referenceRecords(outputs, rows, types);
          assert.equal(predictionsJson(outputs, rows, 'records'), records);
          assert.equal(answerJson(outputs, rows, 'records'), `{"predictions":${records}}`);
          const flat = outputs.map((o) => (o.tensor.dims.length > 2 ? { ...o, tensor: { ...o.tensor, dims: [rows, o.tensor.dims.slice(1).reduce((a, b) => a * b, 1)] } } : o));
          assert.equal(predictionsJson(flat, rows, 'tensors'), referenceTensors(flat, types));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves class maps and strings to JSON.stringify', () => {
    const probabilities: NamedOutput = { name: 'p', tensor: { type: 'float32', dims: [1, 2], data: Float32Array.from([0.25, 0.75]) }, classes: ['a', 'b'] };
    const labels: NamedOutput = { name: 'label', tensor: { type: 'string', dims: [1], data: ['a"b'] } };
    assert.equal(predictionsJson([labels, probabilities], 1, 'records'), '[{"label":"a\\"b","p":{"a":0.25,"b":0.75}}]');
  });
});
