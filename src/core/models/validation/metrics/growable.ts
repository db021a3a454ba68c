/** An append-only Float64Array that doubles when full: scores kept compactly, 8 bytes each. */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values so far, without copying. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
