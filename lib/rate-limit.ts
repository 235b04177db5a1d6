/**
 * In-memory token-bucket rate limiter keyed by API key or client IP.
 * `take` returns 0 when allowed, otherwise the seconds to wait (for `Retry-After`).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Sustained requests per second. */
    private readonly ratePerSecond: number,
    /** Burst size. */
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    if (b.tokens >= cost) {
      b.tokens -= cost;
      this.buckets.set(key, b);
      if (this.buckets.size > 10_000) this.sweep(t);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.max(1, Math.ceil((cost - b.tokens) / this.ratePerSecond));
  }

  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + ((t - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(k);
  }
}

/** Request headers as both servers offer them (web `Headers` fits). */
export interface HeaderBag {
  get(name: string): string | null;
}

/**
 * Client identity for rate limits: the bearer key when present, else the forwarded IP, else the
 * socket's address when the server knows it (the API listener), else "local".
 */
export function clientKey(req: { headers: HeaderBag }, peer?: () => string | undefined): string {
  const auth = req.headers.get("authorization");
  if (auth?.startsWith("Bearer ")) return `key:${auth.slice(7)}`;
  const fwd = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return `ip:${fwd || req.headers.get("x-real-ip") || peer?.() || "local"}`;
}
