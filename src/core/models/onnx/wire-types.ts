/** Protocol Buffers wire types (protobuf encoding spec, "Message Structure"). */
export const WIRE = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;

export type WireType = (typeof WIRE)[keyof typeof WIRE];

export const WIRE_TYPE_NAMES: Record<WireType, string> = {
  0: 'varint',
  1: 'fixed64',
  2: 'length-delimited',
  3: 'start-group',
  4: 'end-group',
  5: 'fixed32',
};
