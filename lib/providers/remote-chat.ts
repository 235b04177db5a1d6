import "server-only";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { getConfig, type ResolvedModel } from "./config";
import { normalizeStop } from "@/lib/chat-protocol/chunks";
import { feedFrom, mapFeed, type Feed } from "@/lib/feed";
import { type ByteFeed, isOpenAiFormat, openAiByteFeed, openAiEventByteFeed, openAiFeed } from "./openai-stream";
import { streamEntry, type ProviderRequest } from "./stream";
import type { ChoiceEvent, PublicModelInfo } from "./types";

/** Configured remote models as the public may see them (no base URLs, no key names). */
export async function listPublicModels(): Promise<PublicModelInfo[]> {
  return getConfig().models.map((m) => m.info);
}

/**
 * The models a client may list and use by name (/api/models, /v1/models, /api/chat, /v1): all but the
 * anonymous-only ones, which take part in anonymous battles only — listing or serving them directly would
 * let a client fingerprint a battle's answers against them.
 */
export async function listDirectModels(): Promise<PublicModelInfo[]> {
  return (await listPublicModels()).filter((m) => !m.arena.anonymousOnly);
}

/** Throws `not_found:model` (as for an unknown name) for an anonymous-only model used by name. */
export function assertDirectUse(name: string): void {
  const m = getConfig().models.find((x) => x.name === name);
  if (m?.info.arena.anonymousOnly) throw new JoustError("not_found:model", `Unknown model: ${name}`);
}

/** The configured model, or a typed error: `not_found:model`, or `unavailable:provider` with the reason. */
export function resolveModel(name: string): ResolvedModel & { entry: NonNullable<ResolvedModel["entry"]> } {
  const m = getConfig().models.find((x) => x.name === name);
  if (!m) throw new JoustError("not_found:model", `Unknown model: ${name}`);
  if (!m.available || !m.entry)
    throw new JoustError("unavailable:provider", `${name} is unavailable: ${m.unavailableReason ?? "disabled"}`);
  return m as ResolvedModel & { entry: NonNullable<ResolvedModel["entry"]> };
}

/** Stream a chat completion from a configured model (see StreamChat in ./types). */
export async function* streamChat(
  name: string,
  req: ProviderRequest,
  signal: AbortSignal,
): AsyncIterable<ChatCompletionChunk> {
  const { entry } = resolveModel(name);
  yield* streamEntry(entry, req, signal);
}

/**
 * A configured model's answer as a feed of choice events (index 0), for the routes that relay streams.
 * OpenAI-format upstreams without stop sequences take the passthrough (./openai-stream: one batch per
 * upstream read, content never re-serialised); everything else is streamEntry, one chunk per batch.
 * An unknown, unavailable or anonymous-only model throws here, before anything starts.
 */
export function chatFeed(name: string, req: ProviderRequest, signal: AbortSignal): Feed<ChoiceEvent[]> {
  assertDirectUse(name);
  const { entry } = resolveModel(name);
  // A rich request (tools, logprobs…) always takes the passthrough: the upstream applies its stop sequences.
  if (isOpenAiFormat(entry.provider) && (req.rich || !normalizeStop(req.stop))) return openAiFeed(entry, req, signal);
  return mapFeed(feedFrom(streamEntry(entry, req, signal)), (c) => {
    const e = toChoiceEvent(0, c);
    return e ? [e] : [];
  });
}

/**
 * An answer of an OpenAI-format model as bytes, for a relay that writes bytes: a plain request's content literals
 * (`plain`), or a request with tools or log-probabilities as choice events (`events`; the upstream applies its
 * stop sequences, as in chatFeed). Undefined for any other model, and for a plain request with stop sequences
 * (Joust enforces those itself: the caller takes chatFeed). Throws as chatFeed for an unknown, unavailable or
 * anonymous-only model.
 */
export function chatByteFeed(
  name: string,
  req: ProviderRequest,
  signal: AbortSignal,
): { plain: ByteFeed<string> } | { events: ByteFeed<ChoiceEvent> } | undefined {
  assertDirectUse(name);
  const { entry } = resolveModel(name);
  if (!isOpenAiFormat(entry.provider)) return undefined;
  if (req.rich || req.toolEvents) return { events: openAiEventByteFeed(entry, req, signal) };
  return normalizeStop(req.stop) ? undefined : { plain: openAiByteFeed(entry, req, signal) };
}

/** A chunk as a choice event (content as its JSON literal); undefined for a chunk with nothing in it. */
export function toChoiceEvent(index: number, c: ChatCompletionChunk): ChoiceEvent | undefined {
  const ch = c.choices[0];
  if (!ch) return c.usage ? { index, usage: c.usage } : undefined;
  const content = ch.delta.content;
  const e: ChoiceEvent = {
    index,
    json: content ? JSON.stringify(content) : undefined,
    finish: ch.finish_reason ?? undefined,
    usage: c.usage,
  };
  if (ch.delta.tool_calls) e.toolCalls = ch.delta.tool_calls;
  if (ch.logprobs?.content) e.logprobs = ch.logprobs.content;
  return e;
}
