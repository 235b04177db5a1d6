/**
 * Coalesces a fast stream of values (e.g. the text so far, once per token) into at most
 * one call per animation frame, so a streaming UI re-renders at display rate rather than
 * token rate. The first value is delivered immediately (time to first token stays
 * visible); `flush()` delivers the last pending value at once (call it when the stream ends).
 */
export interface FrameThrottle<T> {
  push(value: T): void;
  flush(): void;
  cancel(): void;
}

type Schedule = (cb: () => void) => () => void;

const animationFrame: Schedule = (cb) => {
  if (typeof requestAnimationFrame === "function") {
    const h = requestAnimationFrame(() => cb());
    return () => cancelAnimationFrame(h);
  }
  const h = setTimeout(cb, 16);
  return () => clearTimeout(h);
};

export function frameThrottle<T>(deliver: (value: T) => void, schedule: Schedule = animationFrame): FrameThrottle<T> {
  let pending: { value: T } | null = null;
  let cancelScheduled: (() => void) | null = null;
  let delivered = false;
  const run = () => {
    cancelScheduled = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    deliver(value);
  };
  return {
    push(value) {
      if (!delivered) {
        delivered = true;
        deliver(value);
        return;
      }
      pending = { value };
      cancelScheduled ??= schedule(run);
    },
    flush() {
      cancelScheduled?.();
      run();
    },
    cancel() {
      cancelScheduled?.();
      cancelScheduled = null;
      pending = null;
    },
  };
}
