import "server-only";
import { JoustError, type Surface } from "@/lib/errors";
import { clientKey, RateLimiter } from "@/lib/rate-limit";

/** Reads a request body as text, refusing more than `maxBytes` (413) before or while reading. */
export async function readBodyText(request: Request, maxBytes: number, surface: Surface): Promise<string> {
  const tooLarge = () => new JoustError(`payload_too_large:${surface}`, `Request body over ${Math.round(maxBytes / 1024)} KiB.`);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson(request: Request, maxBytes: number, surface: Surface): Promise<unknown> {
  const text = await readBodyText(request, maxBytes, surface);
  try {
    return JSON.parse(text);
  } catch {
    throw new JoustError(`bad_request:${surface}`, "Request body is not valid JSON.");
  }
}

const KEY = Symbol.for("joust.arenaLimiters");
type Holder = { [KEY]?: Map<string, RateLimiter> };

/** Per-client token bucket shared by every route bundle; throws 429 with Retry-After details. */
export function rateLimit(request: Request, name: "votes" | "battles", rate: { perSecond: number; burst: number }, cost = 1): void {
  const g = globalThis as Holder;
  const limiters = (g[KEY] ??= new Map());
  const id = `${name}:${rate.perSecond}:${rate.burst}`;
  let limiter = limiters.get(id);
  if (!limiter) limiters.set(id, (limiter = new RateLimiter(rate.perSecond, rate.burst)));
  const wait = limiter.take(clientKey(request), Math.min(cost, rate.burst));
  if (wait > 0) {
    const what = name === "votes" ? "votes" : "battles";
    throw new JoustError(name === "votes" ? "rate_limit:vote" : "rate_limit:arena", `Too many ${what}; retry in ${wait} s.`, { retryAfter: wait });
  }
}

/** JoustError → HTTP response (Retry-After on 429); anything else → 500 without internals. */
export function errorResponse(err: unknown, surface: Surface = "arena"): Response {
  const e = JoustError.from(err, `internal:${surface}`);
  const retry = e.details?.retryAfter;
  if (!(err instanceof JoustError)) console.error(`[arena] ${surface}:`, err);
  const safe = err instanceof JoustError ? e : new JoustError(`internal:${surface}`, "Internal error.");
  const res = Response.json({ error: safe.toJSON() }, { status: e.status });
  if (typeof retry === "number") res.headers.set("retry-after", String(retry));
  return res;
}
