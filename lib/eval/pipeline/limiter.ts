/** Bounded concurrency: at most `n` tasks of one limiter run at a time (FastChat's --parallel). */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(n: number): Limiter {
  const max = Math.max(1, Math.floor(n));
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < max) start();
      else waiting.push(start);
    });
}

/** One limiter per key (per model / upstream), created on first use; `n` may depend on the key. */
export function keyedLimiter(n: number | ((key: string) => number)): (key: string) => Limiter {
  const map = new Map<string, Limiter>();
  return (key) => {
    let l = map.get(key);
    if (!l) map.set(key, (l = createLimiter(typeof n === "number" ? n : n(key))));
    return l;
  };
}
