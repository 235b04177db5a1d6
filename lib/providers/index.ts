import "server-only";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/engines/types";
import { JoustError } from "@/lib/errors";
import { getConfig, type ResolvedModel } from "./config";
import { normalizeStop } from "@/lib/engines/chunks";
import { isOpenAiFormat, streamOpenAiBatches } from "./openai-stream";
import { streamEntry, type ProviderRequest } from "./stream";
import type { PublicModelInfo } from "./types";

/** Configured remote models as the public may see them (no base URLs, no key names). */
export async function listPublicModels(): Promise<PublicModelInfo[]> {
  return getConfig().models.map((m) => m.info);
}

/** The configured model, or a typed error: `not_found:model`, or `unavailable:provider` with the reason. */
export function resolveModel(name: string): ResolvedModel & { entry: NonNullable<ResolvedModel["entry"]> } {
  const m = getConfig().models.find((x) => x.name === name);
  if (!m) throw new JoustError("not_found:model", `Unknown model: ${name}`);
  if (!m.available || !m.entry) throw new JoustError("unavailable:provider", `${name} is unavailable: ${m.unavailableReason ?? "disabled"}`);
  return m as ResolvedModel & { entry: NonNullable<ResolvedModel["entry"]> };
}

/** Stream a chat completion from a configured model (see StreamChat in ./types). */
export async function* streamChat(name: string, req: ChatRequest & Pick<ProviderRequest, "user">, signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
  const { entry } = resolveModel(name);
  yield* streamEntry(entry, req, signal);
}

/**
 * Like streamChat, but chunks come in batches (one per upstream read): the cheap path for proxying.
 * OpenAI-format upstreams without stop sequences take the passthrough (./openai-stream); everything
 * else is streamChat with one chunk per batch.
 */
export async function* streamChatBatches(name: string, req: ChatRequest & Pick<ProviderRequest, "user">, signal: AbortSignal): AsyncIterable<ChatCompletionChunk[]> {
  const { entry } = resolveModel(name);
  if (isOpenAiFormat(entry.provider) && !normalizeStop(req.stop)) {
    yield* streamOpenAiBatches(entry, req, signal);
    return;
  }
  for await (const c of streamEntry(entry, req, signal)) yield [c];
}

export { getConfig } from "./config";
export type { ApiLimits } from "./config";
