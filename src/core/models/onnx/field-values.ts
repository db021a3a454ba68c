import { OnnxFormatError } from './onnx-format-error';
import type { WireField } from './wire-reader';
import { WireFormatError, readFields } from './wire-reader';
import { WIRE, WIRE_TYPE_NAMES } from './wire-types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The fields of the message `where` names (e.g. "GraphProto.input[2]"); malformed bytes are an OnnxFormatError. */
export function* fieldsOf(bytes: Uint8Array, where: string): Generator<WireField> {
  try {
    yield* readFields(bytes);
  } catch (error) {
    if (error instanceof WireFormatError) throw new OnnxFormatError(`${where} is not valid protobuf (${error.message})`);
    throw error;
  }
}

/** An int32/int64/enum field, sign-extended as protobuf encodes negative values. */
export function integerOf(field: WireField, where: string): number {
  if (field.wireType !== WIRE.varint) throw wrongWireType(field, WIRE.varint, where);
  const value = Number(BigInt.asIntN(64, field.value));
  if (!Number.isSafeInteger(value)) throw new OnnxFormatError(`${where} is ${BigInt.asIntN(64, field.value)}, beyond the integers this reader handles`);
  return value;
}

export function stringOf(field: WireField, where: string): string {
  try {
    return strictUtf8.decode(messageOf(field, where));
  } catch (error) {
    if (error instanceof OnnxFormatError) throw error;
    throw new OnnxFormatError(`${where} is not valid UTF-8 text`);
  }
}

/** An embedded message's bytes (or any other length-delimited payload). */
export function messageOf(field: WireField, where: string): Uint8Array {
  if (field.wireType !== WIRE.lengthDelimited) throw wrongWireType(field, WIRE.lengthDelimited, where);
  return field.value;
}

function wrongWireType(field: WireField, expected: number, where: string): OnnxFormatError {
  const name = (wireType: number): string => WIRE_TYPE_NAMES[wireType as keyof typeof WIRE_TYPE_NAMES];
  return new OnnxFormatError(`${where} (field ${field.field}) is ${name(field.wireType)}, expected ${name(expected)}`);
}
