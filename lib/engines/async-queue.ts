/** A push-based async iterable: producers push values, one consumer iterates. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly values: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failed: { error: unknown } | null = null;
  private closed = false;
  private rejectWaiting: ((e: unknown) => void) | null = null;

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.rejectWaiting = null;
      w({ value, done: false });
    } else this.values.push(value);
  }

  close(): void {
    this.closed = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.rejectWaiting = null;
      w({ value: undefined as never, done: true });
    }
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.failed = { error };
    this.closed = true;
    if (this.rejectWaiting) {
      const r = this.rejectWaiting;
      this.waiting = this.rejectWaiting = null;
      r(error);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.values.length) {
        yield this.values.shift() as T;
        continue;
      }
      if (this.failed) throw this.failed.error;
      if (this.closed) return;
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        this.waiting = resolve;
        this.rejectWaiting = reject;
      });
      if (next.done) return;
      yield next.value;
    }
  }
}
