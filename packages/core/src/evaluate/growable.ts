type TypedArray = Int32Array | Float32Array | Float64Array;
type Ctor<T extends TypedArray> = { new (length: number): T };

/** An append-only typed array that doubles its capacity: per-row results stay compact (4–8 bytes a value). */
export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;
  constructor(private readonly ctor: Ctor<T>, capacity = 1024) {
    this.data = new ctor(capacity);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new this.ctor(cap);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }
  push(v: number): void {
    this.reserve(1);
    this.data[this.length++] = v;
  }
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values as never, this.length);
    this.length += values.length;
  }
  /** A view of the values (valid until the next append). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
