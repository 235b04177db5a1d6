import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import type { ChatMessage, FinishReason } from "@/lib/chat-protocol/types";
import type { ModelEntry } from "../config";
import { apiKeyFor, chunk, defined, usageOf, type ProviderAdapter } from "./types";

/** Anthropic Messages: system prompt is a top-level field, stops are `stop_sequences`, max_tokens is required. */
const DEFAULT_MAX_TOKENS = 1024;

export function toAnthropicMessages(messages: ChatMessage[]): { system?: string; messages: Array<{ role: "user" | "assistant"; content: string }> } {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
  const out: Array<{ role: "user" | "assistant"; content: string }> = [];
  for (const m of messages) {
    if (m.role === "system") continue;
    const last = out[out.length - 1];
    // The API wants alternating turns: merge consecutive messages of one role.
    if (last && last.role === m.role) last.content += `\n\n${m.content}`;
    else out.push({ role: m.role, content: m.content });
  }
  return { system: system || undefined, messages: out };
}

export function mapAnthropicFinish(reason: string | null | undefined): FinishReason {
  if (!reason) return null;
  return reason === "max_tokens" ? "length" : "stop";
}

const clients = new Map<string, Anthropic>();
function clientFor(entry: ModelEntry): Anthropic {
  const apiKey = apiKeyFor(entry) ?? "";
  const cacheKey = `${entry.name}\u0000${entry.baseUrl}\u0000${apiKey}`;
  let c = clients.get(cacheKey);
  if (!c) {
    c = new Anthropic({ apiKey, baseURL: entry.baseUrl ?? "https://api.anthropic.com", maxRetries: 0, timeout: entry.timeoutMs, authToken: null });
    clients.set(cacheKey, c);
  }
  return c;
}

export const anthropicAdapter: ProviderAdapter = {
  async *stream(entry, req, signal) {
    const { system, messages } = toAnthropicMessages(req.messages);
    const params = defined({
      model: entry.model,
      max_tokens: req.max_tokens ?? DEFAULT_MAX_TOKENS,
      system,
      messages,
      temperature: req.temperature === undefined ? undefined : Math.min(1, req.temperature),
      top_p: req.top_p,
      // Whitespace-only stop sequences are rejected by the API; Joust enforces every stop itself anyway.
      stop_sequences: req.stop?.filter((s) => s.trim().length > 0),
      metadata: req.user ? { user_id: req.user } : undefined,
      stream: true as const,
    });
    const stream = await clientFor(entry).messages.create(params as Anthropic.MessageCreateParamsStreaming, { signal });
    let id = "";
    let promptTokens: number | undefined;
    for await (const ev of stream) {
      switch (ev.type) {
        case "message_start":
          id = ev.message.id;
          promptTokens = ev.message.usage?.input_tokens;
          break;
        case "content_block_delta":
          if (ev.delta.type === "text_delta") yield chunk(id, entry.name, ev.delta.text);
          break;
        case "message_delta":
          yield chunk(id, entry.name, undefined, mapAnthropicFinish(ev.delta.stop_reason) ?? "stop", usageOf(promptTokens, ev.usage?.output_tokens ?? undefined));
          break;
        default:
          break;
      }
    }
  },
};
