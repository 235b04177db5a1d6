/**
 * Retries with exponential backoff for the failures worth retrying: rate limits (429),
 * upstream errors (5xx), timeouts and a lost connection. A `retryAfter` (seconds) in the
 * error's details is honoured, capped. Aborting stops the wait at once.
 */
import { JoustError } from "@/lib/errors";

export interface RetryOptions {
  /** Extra attempts after the first (default 4). */
  retries?: number;
  /** First delay in ms (default 1000), doubled each time. */
  baseMs?: number;
  /** Longest single wait in ms (default 30000). */
  maxMs?: number;
  signal?: AbortSignal;
  onRetry?: (err: JoustError, attempt: number, delayMs: number) => void;
  /** Injected in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const RETRYABLE = new Set(["rate_limit", "upstream", "timeout", "offline"]);

/** 429, 5xx, timeouts and lost connections are retried; bad requests or unknown models are not. */
export function isRetryable(err: JoustError): boolean {
  const status = err.details?.status;
  if (typeof status === "number" && status < 500 && status !== 408 && status !== 429) return false;
  return RETRYABLE.has(err.type);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new JoustError("aborted:chat", "Stopped."));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new JoustError("aborted:chat", "Stopped."));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function backoffDelay(err: JoustError, attempt: number, baseMs: number, maxMs: number): number {
  const after = Number(err.details?.retryAfter);
  if (Number.isFinite(after) && after > 0) return Math.min(after * 1000, maxMs);
  const exp = baseMs * 2 ** attempt;
  return Math.min(exp + Math.floor(Math.random() * baseMs * 0.25), maxMs);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 4;
  const baseMs = opts.baseMs ?? 1000;
  const maxMs = opts.maxMs ?? 30_000;
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const err = JoustError.from(raw, "upstream:provider");
      if (opts.signal?.aborted || err.type === "aborted" || attempt >= retries || !isRetryable(err)) throw err;
      const delay = backoffDelay(err, attempt, baseMs, maxMs);
      opts.onRetry?.(err, attempt + 1, delay);
      await sleep(delay, opts.signal);
    }
  }
}
