/**
 * Runs one streamed completion and measures it: time to first token, decode speed,
 * token counts. Used by the playground (and anything else that shows speed numbers).
 */
import { JoustError } from "@/lib/errors";
import type { ChatEngine } from "@/lib/engines/types";
import type { ChatRequest, FinishReason } from "@/lib/chat-protocol/types";

export interface RunStats {
  text: string;
  finishReason: FinishReason;
  promptTokens?: number;
  completionTokens: number;
  /** ms from the request to the first content chunk. */
  ttftMs?: number;
  /** Decode speed: tokens after the first, over the time after the first. */
  tokensPerSec?: number;
  totalMs: number;
}

export interface RunCallbacks {
  onText?: (textSoFar: string) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export async function runWithStats(engine: ChatEngine, request: ChatRequest, cb: RunCallbacks = {}): Promise<RunStats> {
  const now = cb.now ?? (() => performance.now());
  const start = now();
  let first: number | undefined;
  let last = start;
  let text = "";
  let chunks = 0;
  let finishReason: FinishReason = null;
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  try {
    for await (const c of engine.stream(request, { signal: cb.signal })) {
      const delta = c.choices[0]?.delta.content;
      if (delta) {
        first ??= now();
        last = now();
        chunks++;
        text += delta;
        cb.onText?.(text);
      }
      finishReason = c.choices[0]?.finish_reason ?? finishReason;
      if (c.usage) usage = c.usage;
    }
  } catch (err) {
    const e = JoustError.from(err);
    if (e.type !== "aborted") throw e;
    finishReason = "abort";
  }
  if (cb.signal?.aborted && finishReason === null) finishReason = "abort";
  const end = now();
  const completionTokens = usage?.completion_tokens ?? chunks;
  const decodeMs = first !== undefined ? last - first : 0;
  return {
    text,
    finishReason,
    promptTokens: usage?.prompt_tokens,
    completionTokens,
    ttftMs: first !== undefined ? first - start : undefined,
    tokensPerSec: completionTokens > 1 && decodeMs > 0 ? ((completionTokens - 1) * 1000) / decodeMs : undefined,
    totalMs: end - start,
  };
}
