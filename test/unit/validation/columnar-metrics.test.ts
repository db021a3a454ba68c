import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClassificationAccumulator, LogLossAccumulator } from '../../../src/core/models';
import { sliceChunk } from '../../../src/core/models/scoring/column-batches';
import { sortFloat64 } from '../../../src/core/models/validation/metrics/sort-float64';
import type { ColumnChunk, NumberColumn } from '../../../src/core/table';
import { isMissing } from '../../../src/core/table';

/** A deterministic spread of values: negatives, zeros of both signs, infinities, ties. */
function values(n: number, float32: boolean): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const v = i % 97 === 0 ? -0 : i % 89 === 0 ? 0 : i % 83 === 0 ? Infinity : i % 79 === 0 ? -Infinity : i % 7 === 0 ? (i % 1000) / 1000 : Math.sin(i) * (i % 3 === 0 ? 1e6 : 1);
    return float32 ? Math.fround(v) : v;
  });
}

describe('sortFloat64 (radix sort of scores)', () => {
  for (const float32 of [true, false]) {
    it(`orders ${float32 ? 'float32' : 'float64'} values exactly as the built-in sort, -0 before 0`, () => {
      for (const n of [10, 70_000, 200_003]) {
        const mine = values(n, float32);
        const builtIn = mine.slice().sort();
        sortFloat64(mine);
        for (let i = 0; i < n; i++) assert.ok(Object.is(mine[i], builtIn[i]), `${n} values, index ${i}: ${mine[i]} ≠ ${builtIn[i]}`);
      }
    });
  }

  it('sorts a view into a larger buffer without touching the rest', () => {
    const buffer = values(150_000, false);
    const view = buffer.subarray(1000, 141_000);
    const before = [buffer[999], buffer[141_000]];
    const expected = view.slice().sort();
    sortFloat64(view);
    assert.deepEqual([...view], [...expected]);
    assert.deepEqual([buffer[999], buffer[141_000]], before);
  });
});

describe('classification metrics from label ids', () => {
  it('log loss from the kept scores equals the streaming accumulator, over batches', () => {
    const rows = 5000;
    const yTrue = Array.from({ length: rows }, (_, i) => ['a', 'b', 'c'][(i * 7) % 3]!);
    const probabilities = Array.from({ length: rows }, (_, i) => {
      const raw = [1 + (i % 5), 1 + (i % 7), 1e-20 + (i % 3 === 0 ? 0 : 2)];
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / sum);
    });
    const accumulator = new ClassificationAccumulator({ probabilityColumns: 3 });
    const streaming = new LogLossAccumulator(3);
    for (let start = 0; start < rows; start += 777) {
      const end = Math.min(rows, start + 777);
      const flat = probabilities.slice(start, end).flat();
      accumulator.add({ yTrue: yTrue.slice(start, end), yPred: yTrue.slice(start, end), probabilities: flat });
      streaming.add(Int32Array.from(yTrue.slice(start, end), (l) => accumulator.ids.find(l)!), flat);
    }
    const classes = ['a', 'b', 'c'];
    const expected = streaming.result(classes, (l) => accumulator.ids.find(l), (id) => accumulator.ids.labels[id]!).value!;
    const actual = accumulator.result(classes).logLoss!;
    assert.ok(Math.abs(actual - expected) <= 1e-15 * Math.abs(expected), `${actual} ≠ ${expected}`);
  });

  it('addIds gives what add gives', () => {
    const yTrue = [1, 0, 1, 1, 0, 2];
    const yPred = [1, 1, 1, 0, 0, 2];
    const probabilities = [0.1, 0.8, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.5, 0.4, 0.1, 0.1, 0.1, 0.8];
    const byLabel = new ClassificationAccumulator({ probabilityColumns: 3 });
    byLabel.add({ yTrue, yPred, probabilities });
    const byId = new ClassificationAccumulator({ probabilityColumns: 3 });
    const ids = (labels: number[]) => Int32Array.from(labels, (l) => byId.ids.idOf(l));
    byId.addIds({ trueIds: ids(yTrue), predIds: ids(yPred), probabilities });
    assert.deepEqual(byId.result([0, 1, 2]), byLabel.result([0, 1, 2]));
  });
});

describe('sliceChunk', () => {
  it('keeps missing bits and odd cells at their rows, whatever the offset', () => {
    const rows = 40;
    const missing = new Uint8Array(5);
    const valuesOf = Float64Array.from({ length: rows }, (_, i) => (i % 6 === 0 ? NaN : i));
    for (let i = 0; i < rows; i += 6) missing[i >> 3]! |= 1 << (i & 7);
    const column: NumberColumn = { kind: 'number', name: 'x', values: valuesOf, missing, text: new Map([[12, 'high'], [30, 'true']]) };
    const chunk: ColumnChunk = { rowCount: rows, columns: [column, { kind: 'category', name: 'c', codes: Int32Array.from({ length: rows }, (_, i) => i % 2), dictionary: ['a', 'b'] }] };
    for (const [start, end] of [[0, 16], [3, 29], [8, 40], [13, 14]] as const) {
      const slice = sliceChunk(chunk, start, end);
      const x = slice.columns[0] as NumberColumn;
      assert.equal(slice.rowCount, end - start);
      for (let r = 0; r < end - start; r++) {
        assert.equal(isMissing(x, r), (start + r) % 6 === 0, `row ${start + r}`);
        assert.equal(x.text?.get(r), column.text!.get(start + r));
      }
      assert.deepEqual([...(slice.columns[1]!.kind === 'category' ? slice.columns[1]!.codes : [])], Array.from({ length: end - start }, (_, r) => (start + r) % 2));
    }
  });
});
