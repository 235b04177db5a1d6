import "server-only";
import OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { RichMessage, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { FinishReason } from "@/lib/chat-protocol/types";
import type { ModelEntry } from "../config";
import { apiKeyFor, chunk, defined, usageOf, type AdapterRequest, type ProviderAdapter } from "./types";

/** Where OpenAI-compatible providers differ from OpenAI itself: configuration plus small hooks. */
export interface OpenAiFlavor {
  defaultBaseUrl?: string;
  /** Ask for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** Rename/drop fields the provider spells differently. */
  body?: (body: Record<string, unknown>) => Record<string, unknown>;
}

export const OPENAI_FLAVORS: Record<"openai" | "mistral" | "openai-compatible", OpenAiFlavor> = {
  openai: { defaultBaseUrl: "https://api.openai.com/v1", includeUsage: true },
  // Mistral's endpoint is OpenAI-shaped, but calls the seed `random_seed` and always sends usage.
  mistral: {
    defaultBaseUrl: "https://api.mistral.ai/v1",
    includeUsage: false,
    body: ({ seed, presence_penalty, frequency_penalty, user: _user, ...rest }) =>
      defined({ ...rest, random_seed: seed, presence_penalty, frequency_penalty }),
  },
  // vLLM, Ollama, llama.cpp server, FastChat's openai_api_server.
  "openai-compatible": { includeUsage: true },
};

const clients = new Map<string, OpenAI>();

/** Where requests go and the key they carry (`not-needed` for keyless local servers, as the SDK requires one). */
export function openAiEndpoint(
  entry: ModelEntry,
  flavor: OpenAiFlavor,
): { baseURL: string | undefined; apiKey: string } {
  return { baseURL: entry.baseUrl ?? flavor.defaultBaseUrl, apiKey: apiKeyFor(entry) ?? "not-needed" };
}

function clientFor(entry: ModelEntry, flavor: OpenAiFlavor): OpenAI {
  const { apiKey, baseURL } = openAiEndpoint(entry, flavor);
  const cacheKey = `${entry.name}\u0000${baseURL}\u0000${apiKey}`;
  let c = clients.get(cacheKey);
  if (!c) {
    // No SDK retries: a 429 or 5xx must reach the caller as a typed error, not hide behind backoff.
    c = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: entry.timeoutMs, organization: null, project: null });
    clients.set(cacheKey, c);
  }
  return c;
}

export function mapOpenAiFinish(reason: string | null | undefined): FinishReason {
  if (!reason) return null;
  return reason === "length" || reason === "tool_calls" ? reason : "stop";
}

/** The upstream request body, shared by the SDK adapter and the streaming passthrough (lib/providers/openai-stream.ts). */
export function openAiBody(entry: ModelEntry, flavor: OpenAiFlavor, req: AdapterRequest): Record<string, unknown> {
  const body: Record<string, unknown> = defined({
    model: entry.model,
    messages: req.messages,
    stream: true,
    temperature: req.temperature,
    top_p: req.top_p,
    max_tokens: req.max_tokens,
    stop: req.stop?.slice(0, 4),
    seed: req.seed,
    presence_penalty: req.presence_penalty,
    frequency_penalty: req.frequency_penalty,
    user: req.user,
    stream_options: flavor.includeUsage && !req.skipUsage ? { include_usage: true } : undefined,
  });
  // Tools, structured output, log-probabilities and tool turns or images in messages go up as the client sent them.
  if (req.rich) {
    const { messages, ...rest } = req.rich;
    Object.assign(body, rest);
    if (messages) body.messages = messages.map(withoutExtras);
  }
  return flavor.body ? flavor.body(body) : body;
}

/** Gemini's `extra_content` on a tool call is for Gemini: other upstreams get the call without it. */
function withoutExtras(m: RichMessage): RichMessage {
  if (m.role !== "assistant" || !m.tool_calls?.some((c) => c.extra_content)) return m;
  return { ...m, tool_calls: m.tool_calls.map(({ extra_content: _, ...c }) => c) };
}

export function openAiAdapter(flavor: OpenAiFlavor): ProviderAdapter {
  return {
    async *stream(entry, req: AdapterRequest, signal) {
      const body = openAiBody(entry, flavor, req);
      const stream = await clientFor(entry, flavor).chat.completions.create(
        body as unknown as ChatCompletionCreateParamsStreaming,
        { signal },
      );
      for await (const c of stream) {
        const usage = c.usage ? usageOf(c.usage.prompt_tokens, c.usage.completion_tokens) : undefined;
        const choice = c.choices?.[0];
        if (!choice) {
          if (usage) yield { ...chunk(c.id, entry.name, undefined, null, usage), choices: [] };
          continue;
        }
        const out = chunk(
          c.id,
          entry.name,
          choice.delta?.content ?? undefined,
          mapOpenAiFinish(choice.finish_reason),
          usage,
        );
        if (choice.delta?.tool_calls) out.choices[0].delta.tool_calls = choice.delta.tool_calls as ToolCallDelta[];
        if (choice.logprobs?.content) out.choices[0].logprobs = { content: choice.logprobs.content };
        yield out;
      }
    },
  };
}
