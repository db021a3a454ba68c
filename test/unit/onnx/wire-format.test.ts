import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireField } from '../../../src/core/models/onnx/wire-reader';
import { WireFormatError } from '../../../src/core/models';
import { readFields, readPackedFloats, readPackedVarints } from '../../../src/core/models/onnx/wire-reader';
import { ProtoWriter } from '../../../src/core/models/onnx/wire-writer';
import { tagBytes, unknownFields } from './foreign-model';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fields = (bytes: Uint8Array): WireField[] => [...readFields(bytes)];

describe('protobuf wire format', () => {
  it('writes the encoding guide\'s examples byte for byte: varint 150, string "testing", packed [3, 270, 86942]', () => {
    assert.equal(hex(new ProtoWriter().varint(1, 150).finish()), '089601');
    assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
    assert.equal(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish()), '2206038e029ea705');
  });

  it('round-trips varints across 7-bit boundaries, to 64 bits, with negatives sign-extended to ten bytes', () => {
    const values: (number | bigint)[] = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -(2 ** 40), 2n ** 64n - 1n, -(2n ** 63n)];
    const writer = new ProtoWriter();
    values.forEach((value, i) => writer.varint(i + 1, value));
    const read = fields(writer.finish());
    assert.deepEqual(read.map((f) => f.field), values.map((_, i) => i + 1));
    read.forEach((f, i) => assert.equal(f.value, BigInt.asUintN(64, BigInt(values[i] as number | bigint))));
    assert.equal(new ProtoWriter().varint(1, -1).finish().length, 11, 'tag + ten bytes');
    assert.throws(() => new ProtoWriter().varint(1, 1.5), RangeError);
    assert.throws(() => new ProtoWriter().varint(0, 1), RangeError);
  });

  it('round-trips floats, strings, nested messages and packed floats; large field numbers', () => {
    const bytes = new ProtoWriter()
      .float(2, 0.1)
      .string(3, 'Zoë 🙂')
      .message(5, (inner) => inner.varint(1, 7).message(2, (deeper) => deeper.string(1, 'deep')))
      .packedFloats(7, [1.5, -2, 3.25])
      .varint(2 ** 29 - 1, 9)
      .finish();
    const [f, s, m, p, big] = fields(bytes);
    assert.equal(new DataView((f?.value as Uint8Array).slice().buffer).getFloat32(0, true), Math.fround(0.1));
    assert.equal(new TextDecoder().decode(s?.value as Uint8Array), 'Zoë 🙂');
    const inner = fields(m?.value as Uint8Array);
    assert.equal(inner[0]?.value, 7n);
    assert.equal(new TextDecoder().decode(fields(inner[1]?.value as Uint8Array)[0]?.value as Uint8Array), 'deep');
    assert.deepEqual(readPackedFloats(p?.value as Uint8Array), [1.5, -2, 3.25]);
    assert.equal(big?.field, 2 ** 29 - 1);
  });

  it('reads packed varints, and grows its buffer past the first 256 bytes', () => {
    const many = Array.from({ length: 1000 }, (_, i) => i * 1000);
    const [packed] = fields(new ProtoWriter().packedVarints(1, many).finish());
    assert.deepEqual(readPackedVarints(packed?.value as Uint8Array), many.map(BigInt));
  });

  it('yields fixed64 fields and skips groups, nested ones included', () => {
    const read = fields(Uint8Array.from([...unknownFields(), ...tagBytes(1, 0), 5]));
    assert.deepEqual(read.map((f) => [f.field, f.wireType]), [[1000, 0], [1001, 0], [1002, 2], [1003, 5], [1004, 1], [1, 0]]);
    assert.equal(hex(read[4]?.value as Uint8Array), '0102030405060708');
  });

  it('reports malformed bytes with their offset', () => {
    const cases: [number[], RegExp][] = [
      [[0x08], /truncated varint at byte 1/],
      [[0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /varint longer than ten bytes at byte 1/],
      [[0x12, 0x05, 0x61], /length-delimited field of 5 bytes runs past the end \(1 left\) at byte 1/],
      [[0x0d, 0x00, 0x00], /truncated: 4 bytes expected, 2 left/],
      [[0x09, 0x00], /truncated: 8 bytes expected, 1 left/],
      [[0x00, 0x01], /field number 0 at byte 0/],
      [[0x0e], /invalid wire type 6 for field 1/],
      [[0x0c], /end-group tag for field 1 outside any group/],
      [[0x0b, 0x08, 0x01], /group 1 is not closed/],
      [[0x0b, 0x14], /group 1 closed by an end-group tag for field 2/],
      [[...tagBytes(1, 0), 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], /field tag larger than 32 bits at byte 2/],
    ];
    for (const [bytes, message] of cases) assert.throws(() => fields(Uint8Array.from(bytes)), (error: unknown) => error instanceof WireFormatError && message.test(error.message));
    assert.throws(() => readPackedFloats(Uint8Array.of(1, 2, 3)), /not a multiple of 4/);
  });
});
