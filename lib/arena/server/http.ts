import "server-only";
import { JoustError, type Surface } from "@/lib/errors";
import { safeError } from "@/lib/http/safe-error";
import { clientKey, RateLimiter } from "@/lib/rate-limit";

export { readBodyText, readJsonBody as readJson } from "@/lib/http/read-body";

const KEY = Symbol.for("joust.arenaLimiters");
type Holder = { [KEY]?: Map<string, RateLimiter> };

/** Per-client token bucket shared by every route bundle; throws 429 with Retry-After details. */
export function rateLimit(
  request: Request,
  name: "votes" | "battles" | "streams" | "exports" | "imports",
  rate: { perSecond: number; burst: number },
  cost = 1,
): void {
  const g = globalThis as Holder;
  const limiters = (g[KEY] ??= new Map());
  const id = `${name}:${rate.perSecond}:${rate.burst}`;
  let limiter = limiters.get(id);
  if (!limiter) limiters.set(id, (limiter = new RateLimiter(rate.perSecond, rate.burst)));
  const wait = limiter.take(clientKey(request), Math.min(cost, rate.burst));
  if (wait > 0) {
    const code = name === "votes" ? "rate_limit:vote" : name === "imports" ? "rate_limit:import" : "rate_limit:arena";
    throw new JoustError(code, `Too many ${name}; retry in ${wait} s.`, { retryAfter: wait });
  }
}

/** JoustError → HTTP response (Retry-After on 429); anything else → 500 with an error id, details in the log. */
export function errorResponse(err: unknown, surface: Surface = "arena"): Response {
  const safe = safeError(err, `internal:${surface}`, "arena");
  const retry = safe.details?.retryAfter;
  const res = Response.json({ error: safe.toJSON() }, { status: safe.status });
  if (typeof retry === "number") res.headers.set("retry-after", String(retry));
  return res;
}
