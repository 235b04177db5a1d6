/**
 * The OpenAI-shaped chat vocabulary every layer speaks: engines, providers, the API, the arena,
 * the vote store and the client DB (as web-llm's `openai_api_protocols`). Imports nothing of Joust's
 * but its sibling ./tools (tool calls, log-probabilities).
 */
import type { TokenLogprob, ToolCallDelta } from "./tools";

export type Role = "system" | "user" | "assistant";

export interface ChatMessage {
  role: Role;
  content: string;
  /**
   * User turns to a remote vision model: attached images as base64 data URLs. They travel upstream as
   * OpenAI `image_url` content parts after the text (lib/api/chat-images.ts); engines that read only
   * `content` (in-browser, arena, eval) never see them.
   */
  images?: string[];
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

/** `tool_calls`: the model stopped to call tools (remote models asked with `tools`). */
export type FinishReason = "stop" | "length" | "tool_calls" | "abort" | "error" | null;

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: "assistant"; content?: string; tool_calls?: ToolCallDelta[] };
    logprobs?: { content: TokenLogprob[] | null } | null;
    finish_reason: FinishReason;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
