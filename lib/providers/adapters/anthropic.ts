import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import type { ChatMessage, FinishReason } from "@/lib/chat-protocol/types";
import type { ModelEntry } from "../config";
import { AnthropicToolStream, toAnthropicRich } from "./anthropic-tools";
import { apiKeyFor, chunk, defined, usageOf, type ProviderAdapter } from "./types";

/** Anthropic Messages: system prompt is a top-level field, stops are `stop_sequences`, max_tokens is required. */
const DEFAULT_MAX_TOKENS = 1024;

export function toAnthropicMessages(messages: ChatMessage[]): {
  system?: string;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
} {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
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
    c = new Anthropic({
      apiKey,
      baseURL: entry.baseUrl ?? "https://api.anthropic.com",
      maxRetries: 0,
      timeout: entry.timeoutMs,
      authToken: null,
    });
    clients.set(cacheKey, c);
  }
  return c;
}

export const anthropicAdapter: ProviderAdapter = {
  async *stream(entry, req, signal) {
    // Tools, tool turns, structured output, images: ./anthropic-tools.
    const rich = req.rich ? toAnthropicRich({ ...req.rich, messages: req.rich.messages ?? req.messages }) : undefined;
    const map = new AnthropicToolStream(rich?.jsonTool);
    const { system, messages } = rich ?? toAnthropicMessages(req.messages);
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
      tools: rich?.tools,
      tool_choice: rich?.tool_choice,
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
        case "content_block_start":
        case "content_block_delta": {
          const d = map.event(ev);
          if (!d) break;
          const c = chunk(id, entry.name, d.content);
          if (d.toolCalls) c.choices[0].delta.tool_calls = d.toolCalls;
          yield c;
          break;
        }
        case "message_delta":
          yield chunk(
            id,
            entry.name,
            undefined,
            map.finish(ev.delta.stop_reason),
            usageOf(promptTokens, ev.usage?.output_tokens ?? undefined),
          );
          break;
        default:
          break;
      }
    }
  },
};
