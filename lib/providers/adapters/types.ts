import "server-only";
import type { RichParams } from "@/lib/chat-protocol/tools";
import type { ChatCompletionChunk, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";
import type { ModelEntry } from "../config";

/**
 * One adapter shape for every provider. `req` arrives with the entry's default params
 * merged in and `stop` normalised to a list; chunks carry the configured model `name`.
 * Adapters throw raw SDK errors; the caller (lib/providers/stream.ts) maps them by class.
 */
export interface ProviderAdapter {
  stream(entry: ModelEntry, req: AdapterRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk>;
}

export type AdapterRequest = Omit<ChatRequest, "stop"> & {
  stop?: string[];
  user?: string;
  skipUsage?: boolean;
  rich?: RichParams;
};

export type Usage = NonNullable<ChatCompletionChunk["usage"]>;

/** Reads the entry's key from the environment: only here, never logged or returned. */
export function apiKeyFor(entry: ModelEntry): string | undefined {
  return entry.apiKeyEnv ? process.env[entry.apiKeyEnv] : undefined;
}

export function chunk(
  id: string,
  model: string,
  content: string | undefined,
  finish: FinishReason = null,
  usage?: Usage,
): ChatCompletionChunk {
  const c: ChatCompletionChunk = {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  };
  if (usage) c.usage = usage;
  return c;
}

export function usageOf(prompt: number | undefined, completion: number | undefined): Usage | undefined {
  if (prompt === undefined && completion === undefined) return undefined;
  const p = prompt ?? 0;
  const c = completion ?? 0;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

/** Drop undefined fields so SDKs send only what was asked for. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
