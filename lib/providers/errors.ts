import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import { ApiError as GeminiApiError } from "@google/genai";
import OpenAI from "openai";
import { JoustError } from "@/lib/errors";

/** Why the adapter's own AbortController fired (client went away, idle timeout, or stop sequence reached). */
export type AbortCause = "client" | "timeout" | "stop" | undefined;

export interface ErrorContext {
  model: string;
  cause: AbortCause;
  /** Retry-After seen on the failed response, when the SDK does not expose headers on its error (Gemini). */
  retryAfter?: number;
}

function retryAfterOf(headers: unknown): number | undefined {
  const h = headers as { get?: (k: string) => string | null } | undefined;
  const v = typeof h?.get === "function" ? h.get("retry-after") : undefined;
  return parseRetryAfter(v ?? undefined);
}

export function parseRetryAfter(v: string | undefined | null): number | undefined {
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, Math.ceil((d - Date.now()) / 1000));
}

/** HTTP status of an SDK error, by class (never by message text). */
function statusOf(err: unknown): number | undefined {
  if (err instanceof OpenAI.APIError || err instanceof Anthropic.APIError)
    return typeof err.status === "number" ? err.status : undefined;
  if (err instanceof GeminiApiError) return err.status;
  return undefined;
}

/** A failed upstream HTTP status as a typed error (messages are ours, never the upstream's text). */
export function statusError(m: string, status: number, retryAfter?: number): JoustError {
  if (status === 401 || status === 403)
    return new JoustError("upstream:provider", `${m}: the provider rejected Joust's key.`, { status });
  if (status === 429)
    return new JoustError(
      "rate_limit:provider",
      `${m}: the provider is rate limiting requests; try again later.`,
      retryAfter !== undefined ? { retryAfter } : undefined,
    );
  if (status === 408 || status === 504)
    return new JoustError("timeout:provider", `${m}: the provider timed out.`, { status });
  if (status >= 500)
    return new JoustError("upstream:provider", `${m}: the provider failed (HTTP ${status}).`, { status });
  if (status === 400 || status === 404 || status === 413 || status === 422)
    return new JoustError("upstream:provider", `${m}: the provider refused the request (HTTP ${status}).`, { status });
  return new JoustError("upstream:provider", `${m}: the provider answered HTTP ${status}.`, { status });
}

/**
 * Convert whatever a provider SDK threw into a typed JoustError. Messages are ours:
 * upstream text can echo (masked) keys or internals and is never passed on.
 */
export function toProviderError(err: unknown, ctx: ErrorContext): JoustError {
  if (err instanceof JoustError) return err;
  const m = ctx.model;
  if (
    ctx.cause === "timeout" ||
    err instanceof OpenAI.APIConnectionTimeoutError ||
    err instanceof Anthropic.APIConnectionTimeoutError
  )
    return new JoustError("timeout:provider", `${m}: the provider did not answer in time.`);
  if (ctx.cause === "client") return new JoustError("aborted:chat", "Generation was stopped.");
  const status = statusOf(err);
  if (status !== undefined)
    return statusError(m, status, retryAfterOf((err as { headers?: unknown }).headers) ?? ctx.retryAfter);
  if (err instanceof OpenAI.APIConnectionError || err instanceof Anthropic.APIConnectionError)
    return new JoustError("upstream:provider", `${m}: the provider could not be reached.`);
  if (err instanceof SyntaxError)
    return new JoustError("upstream:provider", `${m}: the provider sent a malformed stream.`);
  return new JoustError("upstream:provider", `${m}: the provider stream failed.`);
}
