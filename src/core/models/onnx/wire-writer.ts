import { WIRE } from './wire-types';

const utf8 = new TextEncoder();
const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/** Appends Protocol Buffers fields to a growing buffer; nested messages are built by a child writer. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** int32, int64, uint64, enum or bool; negative values take ten bytes, as protobuf encodes them. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE.varint);
    this.rawVarint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE.fixed32);
    this.reserve(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.lengthDelimited);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.bytes(field, child.finish());
  }

  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const child = new ProtoWriter();
    for (const value of values) child.rawVarint(value);
    return this.bytes(field, child.finish());
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, float32LittleEndian(values));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD_NUMBER) throw new RangeError(`invalid protobuf field number ${field}`);
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number | bigint): void {
    this.reserve(10);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      let rest = value;
      while (rest >= 0x80) {
        this.buffer[this.length++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
      this.buffer[this.length++] = rest;
      return;
    }
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`varint value ${value} is not a safe integer`);
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
  }

  private append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** IEEE-754 single precision, little-endian: protobuf's packed `float` and ONNX's raw_data layout. */
export function float32LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return bytes;
}

/** Two's-complement int64, little-endian: ONNX's raw_data layout for INT64 tensors. */
export function int64LittleEndian(values: readonly (number | bigint)[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return bytes;
}
