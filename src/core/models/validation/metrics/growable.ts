/** An append-only Float64Array that doubles when full: scores kept compactly, 8 bytes each. */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /** Room for `count` more values; write them with `at` from `length`, then add them to `length`. */
  reserve(count: number): Float64Array {
    if (this.length + count > this.data.length) {
      const bigger = new Float64Array(Math.max(this.data.length * 2, this.length + count));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    return this.data;
  }

  /** The values so far, without copying. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** An append-only Int32Array that doubles when full. */
export class GrowableInt32 {
  private data = new Int32Array(1024);
  length = 0;

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const bigger = new Int32Array(Math.max(this.data.length * 2, this.length + values.length));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    if (values instanceof Int32Array) this.data.set(values, this.length);
    else for (let i = 0; i < values.length; i++) this.data[this.length + i] = values[i]!;
    this.length += values.length;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
