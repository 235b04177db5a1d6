/**
 * Arrays handed to a helper thread must be in shared memory (they cross without a copy, and the helper
 * writes nothing into them). The vote store's reads and the style data already are: those go as they are.
 */
import type { StyleData } from "@/lib/rating/types";

type Shareable = Int32Array | Uint8Array | Float64Array;

/** `x`'s first `length` elements in shared memory: a view of `x` when it already is, else a copy. */
export function inSharedMemory<T extends Shareable>(x: T, length = x.length): T {
  if (x.buffer instanceof SharedArrayBuffer) return x.length === length ? x : (x.subarray(0, length) as T);
  const copy = new (x.constructor as new (b: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(Math.max(1, length) * x.BYTES_PER_ELEMENT),
  );
  copy.set(x.subarray(0, length));
  return copy;
}

/** A style-controlled fit's data, every array in shared memory. */
export function styleDataShared(d: StyleData): StyleData {
  return {
    models: d.models,
    n: d.n,
    a: inSharedMemory(d.a),
    b: inSharedMemory(d.b),
    y: inSharedMemory(d.y),
    x: inSharedMemory(d.x),
  };
}
