// Writes small, valid Parquet files for tests (no Parquet writer is installed): PLAIN encoding,
// no compression, one data page (v1) per column chunk, footer in Thrift compact protocol.
import { writeFileSync } from 'node:fs';

export type FixtureType = 'int64' | 'double' | 'string' | 'boolean';
export interface FixtureColumn {
  name: string;
  type: FixtureType;
  optional?: boolean;
}
type Value = number | string | boolean | null;

const PHYSICAL: Record<FixtureType, number> = { boolean: 0, int64: 2, double: 5, string: 6 };
const T = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

/** Thrift compact protocol, just the parts a Parquet footer and page header need. */
class Compact {
  private readonly bytes: number[] = [];
  private last: number[] = [0];

  varint(n: bigint): this {
    let v = n;
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.bytes.push(b);
    } while (v > 0n);
    return this;
  }

  private zigzag(n: number | bigint): this {
    const v = BigInt(n);
    return this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }

  private header(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1]!;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }

  i32(id: number, n: number): this {
    this.header(id, T.I32);
    return this.zigzag(n);
  }

  i64(id: number, n: number | bigint): this {
    this.header(id, T.I64);
    return this.zigzag(n);
  }

  string(id: number, s: string): this {
    this.header(id, T.BINARY);
    return this.rawString(s);
  }

  private rawString(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
    return this;
  }

  struct(id: number, body: (c: Compact) => void): this {
    this.header(id, T.STRUCT);
    return this.inline(body);
  }

  private inline(body: (c: Compact) => void): this {
    this.last.push(0);
    body(this);
    this.last.pop();
    this.bytes.push(0);
    return this;
  }

  private listHeader(id: number, size: number, type: number): void {
    this.header(id, T.LIST);
    if (size < 15) this.bytes.push((size << 4) | type);
    else {
      this.bytes.push(0xf0 | type);
      this.varint(BigInt(size));
    }
  }

  structs<I>(id: number, items: readonly I[], body: (c: Compact, item: I) => void): this {
    this.listHeader(id, items.length, T.STRUCT);
    for (const item of items) this.inline((c) => body(c, item));
    return this;
  }

  i32s(id: number, items: readonly number[]): this {
    this.listHeader(id, items.length, T.I32);
    for (const n of items) this.zigzag(n);
    return this;
  }

  strings(id: number, items: readonly string[]): this {
    this.listHeader(id, items.length, T.BINARY);
    for (const s of items) this.rawString(s);
    return this;
  }

  /** Ends the outermost struct. */
  done(): Buffer {
    return Buffer.from([...this.bytes, 0]);
  }
}

function plain(type: FixtureType, values: Value[]): Buffer {
  if (type === 'boolean') {
    const out = Buffer.alloc(Math.ceil(values.length / 8));
    values.forEach((v, i) => {
      if (v) out[i >> 3]! |= 1 << (i & 7);
    });
    return out;
  }
  return Buffer.concat(
    values.map((v) => {
      if (type === 'int64') {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt(v as number));
        return b;
      }
      if (type === 'double') {
        const b = Buffer.alloc(8);
        b.writeDoubleLE(v as number);
        return b;
      }
      const s = Buffer.from(String(v), 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(s.length);
      return Buffer.concat([len, s]);
    }),
  );
}

/** One data page: definition levels (RLE runs of one, bit width 1) for optional columns, then values. */
function page(column: FixtureColumn, values: Value[]): Buffer {
  const parts: Buffer[] = [];
  if (column.optional) {
    const levels = Buffer.from(values.flatMap((v) => [2, v === null ? 0 : 1]));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(levels.length);
    parts.push(len, levels);
  }
  parts.push(plain(column.type, values.filter((v) => v !== null)));
  const body = Buffer.concat(parts);
  const header = new Compact()
    .i32(1, 0)
    .i32(2, body.length)
    .i32(3, body.length)
    .struct(5, (c) => c.i32(1, values.length).i32(2, 0).i32(3, 3).i32(4, 3))
    .done();
  return Buffer.concat([header, body]);
}

/** Writes `rowGroups` (each a list of records) as a Parquet file with the given columns. */
export function writeParquet(path: string, columns: FixtureColumn[], rowGroups: Record<string, Value>[][]): void {
  const chunks: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups = rowGroups.map((rows) => {
    const metas = columns.map((column) => {
      const data = page(column, rows.map((r) => r[column.name] ?? null));
      const start = offset;
      chunks.push(data);
      offset += data.length;
      return { column, start, size: data.length, count: rows.length };
    });
    return { metas, rows: rows.length, bytes: metas.reduce((n, m) => n + m.size, 0) };
  });
  const footer = new Compact()
    .i32(1, 1)
    .structs(2, [{ name: 'schema', children: columns.length } as const, ...columns], (c, el) => {
      if ('children' in el) c.string(4, el.name).i32(5, el.children);
      else {
        c.i32(1, PHYSICAL[el.type]).i32(3, el.optional ? 1 : 0).string(4, el.name);
        if (el.type === 'string') c.i32(6, 0);
      }
    })
    .i64(3, rowGroups.reduce((n, g) => n + g.length, 0))
    .structs(4, groups, (c, g) => {
      c.structs(1, g.metas, (cc, m) =>
        cc.i64(2, m.start).struct(3, (md) =>
          md
            .i32(1, PHYSICAL[m.column.type])
            .i32s(2, [0, 3])
            .strings(3, [m.column.name])
            .i32(4, 0)
            .i64(5, m.count)
            .i64(6, m.size)
            .i64(7, m.size)
            .i64(9, m.start),
        ),
      )
        .i64(2, g.bytes)
        .i64(3, g.rows);
    })
    .string(6, 'local-mlops test fixture')
    .done();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  chunks.push(footer, len, Buffer.from('PAR1'));
  writeFileSync(path, Buffer.concat(chunks));
}
