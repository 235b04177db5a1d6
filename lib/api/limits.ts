import "server-only";
import { JoustError } from "@/lib/errors";
import { parseJsonText, readBodySource, type BodySource } from "@/lib/http/read-body";
import { clientKey, RateLimiter, type HeaderBag } from "@/lib/rate-limit";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { getConfig, type ApiLimits } from "@/lib/providers/config";

export function limits(): ApiLimits {
  return getConfig().limits;
}

/** Reads an API request's JSON body, refusing more than `maxBodyBytes` (by Content-Length and by what actually arrives). */
export async function readApiJson(body: BodySource | null, declaredLength: string | null): Promise<unknown> {
  return parseJsonText(await readBodySource(body, declaredLength, limits().maxBodyBytes, "api"), "api");
}

export function readJsonBody(req: Request): Promise<unknown> {
  return readApiJson(req.body, req.headers.get("content-length"));
}

/** Message-count and total-character limits (FastChat caps chat input at 12,000 characters). */
export function checkMessages(
  messages: ChatMessage[],
  l: Pick<ApiLimits, "maxMessages" | "maxChars"> = limits(),
): void {
  if (messages.length > l.maxMessages)
    throw new JoustError("bad_request:api", `Too many messages: ${messages.length} (at most ${l.maxMessages}).`, {
      param: "messages",
      code: "too_many_messages",
    });
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  if (chars > l.maxChars)
    throw new JoustError(
      "context_overflow:api",
      `The messages are too long: ${chars} characters (at most ${l.maxChars}).`,
      { param: "messages", code: "context_length_exceeded" },
    );
}

/**
 * `max_tokens`, stop count and stop length caps, the same on /v1, /api/chat and arena streams; `model`
 * adds that model's own cap (joust.config.json `models[].maxTokens`).
 */
export function checkGeneration(
  req: { max_tokens?: number | null; stop?: string | string[] | null },
  l: Pick<ApiLimits, "maxTokens" | "maxStops" | "maxStopChars"> = limits(),
  model?: string,
): void {
  const own = model === undefined ? undefined : getConfig().models.find((m) => m.name === model)?.entry?.maxTokens;
  const cap = Math.min(l.maxTokens, own ?? Infinity);
  if (typeof req.max_tokens === "number" && req.max_tokens > cap)
    throw new JoustError("bad_request:api", `max_tokens must be at most ${cap}.`, { param: "max_tokens" });
  const stops = req.stop == null ? [] : Array.isArray(req.stop) ? req.stop : [req.stop];
  if (stops.length > l.maxStops)
    throw new JoustError("bad_request:api", `At most ${l.maxStops} stop sequences.`, { param: "stop" });
  if (stops.some((s) => s.length > l.maxStopChars))
    throw new JoustError("bad_request:api", `Stop sequences are at most ${l.maxStopChars} characters.`, {
      param: "stop",
    });
}

// One bucket set per process, shared by the route bundles and the API listener.
const KEY = Symbol.for("joust.apiLimiter");
type Holder = { [KEY]?: { rl: RateLimiter; rate: number; burst: number } };

/** Per-key/per-IP token bucket; throws `rate_limit:api` with retryAfter seconds. */
export function takeRateLimit(
  req: { headers: HeaderBag },
  l: Pick<ApiLimits, "ratePerSecond" | "rateBurst"> = limits(),
  peer?: () => string | undefined,
  validatedKey?: string,
): void {
  const g = globalThis as Holder;
  let limiter = g[KEY];
  if (!limiter || limiter.rate !== l.ratePerSecond || limiter.burst !== l.rateBurst)
    limiter = g[KEY] = { rl: new RateLimiter(l.ratePerSecond, l.rateBurst), rate: l.ratePerSecond, burst: l.rateBurst };
  const wait = limiter.rl.take(clientKey(req, peer, validatedKey));
  if (wait > 0)
    throw new JoustError("rate_limit:api", `Rate limit reached: try again in ${wait} s.`, { retryAfter: wait });
}

const FAILED = Symbol.for("joust.failedAuthLimiter");
/** Failed key attempts per address: 10 at once, then one every 2 s; beyond that a 429 instead of a 401. */
export function takeFailedAuth(req: { headers: HeaderBag }, peer?: () => string | undefined): void {
  const g = globalThis as { [FAILED]?: RateLimiter };
  const wait = (g[FAILED] ??= new RateLimiter(0.5, 10)).take(clientKey(req, peer));
  if (wait > 0)
    throw new JoustError("rate_limit:api", `Too many failed key attempts: try again in ${wait} s.`, {
      retryAfter: wait,
    });
}

export function resetRateLimitForTests(): void {
  delete (globalThis as Holder)[KEY];
  delete (globalThis as { [FAILED]?: RateLimiter })[FAILED];
}
