import { WIRE } from './wire-types';

/** Bytes that are not well-formed Protocol Buffers; `offset` counts from the start of the message being read. */
export class WireFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'WireFormatError';
  }
}

/** One field as it appears on the wire; groups (deprecated, unused by ONNX) are skipped, never yielded. */
export type WireField =
  | { field: number; wireType: typeof WIRE.varint; value: bigint }
  | { field: number; wireType: typeof WIRE.fixed64 | typeof WIRE.fixed32 | typeof WIRE.lengthDelimited; value: Uint8Array };

const MAX_GROUP_DEPTH = 64;

/** The fields of one message, in wire order; throws WireFormatError on malformed or truncated bytes. */
export function* readFields(bytes: Uint8Array): Generator<WireField> {
  const cursor = new WireCursor(bytes);
  while (!cursor.done) {
    const { field, wireType } = cursor.readTag();
    switch (wireType) {
      case WIRE.varint:
        yield { field, wireType, value: cursor.readVarint() };
        break;
      case WIRE.fixed64:
        yield { field, wireType, value: cursor.take(8) };
        break;
      case WIRE.fixed32:
        yield { field, wireType, value: cursor.take(4) };
        break;
      case WIRE.lengthDelimited:
        yield { field, wireType, value: cursor.readLengthDelimited() };
        break;
      case WIRE.startGroup:
        cursor.skipGroup(field, 1);
        break;
      default:
        throw cursor.error(`end-group tag for field ${field} outside any group`);
    }
  }
}

/** A packed `repeated int32/int64/uint64/enum` payload, as unsigned 64-bit values. */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const cursor = new WireCursor(bytes);
  const values: bigint[] = [];
  while (!cursor.done) values.push(cursor.readVarint());
  return values;
}

/** A packed `repeated float` payload. */
export function readPackedFloats(bytes: Uint8Array): number[] {
  if (bytes.length % 4 !== 0) throw new WireFormatError(`packed floats of ${bytes.length} bytes (not a multiple of 4)`, 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

class WireCursor {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  readTag(): { field: number; wireType: number } {
    const start = this.position;
    const tag = this.readVarint();
    if (tag > 0xffffffffn) throw this.error('field tag larger than 32 bits', start);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0) throw this.error('field number 0', start);
    if (wireType > WIRE.fixed32) throw this.error(`invalid wire type ${wireType} for field ${field}`, start);
    return { field, wireType };
  }

  readVarint(): bigint {
    const start = this.position;
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.done) throw this.error('truncated varint', start);
      const byte = this.bytes[this.position++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw this.error('varint longer than ten bytes', start);
  }

  readLengthDelimited(): Uint8Array {
    const start = this.position;
    const length = this.readVarint();
    if (length > BigInt(this.bytes.length - this.position)) {
      throw this.error(`length-delimited field of ${length} bytes runs past the end (${this.bytes.length - this.position} left)`, start);
    }
    return this.take(Number(length));
  }

  take(length: number): Uint8Array {
    if (this.position + length > this.bytes.length) throw this.error(`truncated: ${length} bytes expected, ${this.bytes.length - this.position} left`, this.position);
    const slice = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }

  skipGroup(field: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw this.error('groups nested too deeply', this.position);
    for (;;) {
      if (this.done) throw this.error(`group ${field} is not closed`, this.position);
      const tag = this.readTag();
      if (tag.wireType === WIRE.endGroup) {
        if (tag.field !== field) throw this.error(`group ${field} closed by an end-group tag for field ${tag.field}`, this.position);
        return;
      }
      if (tag.wireType === WIRE.varint) this.readVarint();
      else if (tag.wireType === WIRE.fixed64) this.take(8);
      else if (tag.wireType === WIRE.fixed32) this.take(4);
      else if (tag.wireType === WIRE.lengthDelimited) this.readLengthDelimited();
      else this.skipGroup(tag.field, depth + 1);
    }
  }

  error(message: string, offset = this.position): WireFormatError {
    return new WireFormatError(message, offset);
  }
}
