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
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(k);
  }
}

/** Request headers as both servers offer them (web `Headers` fits). */
export interface HeaderBag {
  get(name: string): string | null;
}

/**
 * How many reverse proxies in front of the server append to `X-Forwarded-For` (JOUST_TRUSTED_PROXY_HOPS,
 * default 0). Only the entry the nearest trusted proxy wrote is believed: the one `hops` from the right.
 */
export function trustedProxyHops(raw = process.env.JOUST_TRUSTED_PROXY_HOPS): number {
  const n = Number(raw ?? 0);
  return Number.isInteger(n) && n > 0 && n < 32 ? n : 0;
}

/** The client address as the trusted proxies reported it, or undefined when none is trusted. */
export function forwardedClient(headers: HeaderBag, hops = trustedProxyHops()): string | undefined {
  if (hops === 0) return undefined;
  const list = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length >= hops) return list[list.length - hops];
  return hops === 1 ? headers.get("x-real-ip")?.trim() || undefined : undefined;
}

/**
 * Client identity for rate limits: a bearer key only once it has been validated (`validatedKey`), else
 * the address the trusted proxies reported, else the socket's address when the server knows it (the
 * API listener). Next's route handlers do not see the socket: without trusted proxies, their clients
 * share one bucket ("ip:unknown") rather than let a client pick its own with a forged X-Forwarded-For.
 */
export function clientKey(req: { headers: HeaderBag }, peer?: () => string | undefined, validatedKey?: string): string {
  if (validatedKey) return `key:${validatedKey}`;
  return `ip:${forwardedClient(req.headers) ?? peer?.() ?? "unknown"}`;
}
