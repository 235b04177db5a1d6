/**
 * Contract between route handlers (chat, /api/v1, arena sides) and the provider layer.
 * Implementations live in lib/providers/* and import "server-only".
 */
import type { TokenLogprob, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { ChatCompletionChunk, ChatRequest, FinishReason } from "@/lib/chat-protocol/types";

export type ProviderKind = "openai" | "anthropic" | "gemini" | "mistral" | "openai-compatible";

/** A configured model as the public may see it (no base URL, no key env name). */
export interface PublicModelInfo {
  name: string;
  provider: ProviderKind;
  available: boolean;
  unavailableReason?: string;
  organization?: string;
  license?: string;
  contextWindow?: number;
  /** An embedding model (`capabilities: ["embeddings"]`): listed by /v1/models, not offered for chat or the arena. */
  embeddingsOnly?: true;
  /**
   * What the model can do beyond text (names as in ./capabilities; GET /api/models adds them, and the
   * chat offers image attach for `vision`).
   */
  capabilities?: string[];
  /** `neverPairWith` (optional): model names the arena must not pair this one with. */
  arena: { anonymousOnly: boolean; weight: number; neverPairWith?: string[] };
}

/**
 * Streams a chat completion from the named configured model as OpenAI-shaped chunks.
 * Throws/yields typed JoustErrors (`upstream:provider`, `timeout:provider`, `rate_limit:provider`,
 * `not_found:model`, ...). `signal` aborts the upstream request.
 *
 *   streamChat(name: string, req: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk>
 */
export type StreamChat = (name: string, req: ChatRequest, signal: AbortSignal) => AsyncIterable<ChatCompletionChunk>;

/**
 * One event of a streamed answer as the server relays it (chatFeed, /api/v1, /api/chat): a content
 * delta, or the finish with usage. Content travels as its JSON string literal (quotes included), so
 * a proxy writes it into its own chunk without parsing and re-serialising it.
 */
export interface ChoiceEvent {
  /** The choice (0 unless several were asked for). */
  index: number;
  json?: string;
  finish?: FinishReason;
  usage?: ChatCompletionChunk["usage"];
  /** Tool-call fragments (OpenAI's `delta.tool_calls`), only on requests with tools. */
  toolCalls?: ToolCallDelta[];
  /** The same as a `tool_calls` array's JSON text, relayed without a parse (one argument fragment: lib/providers/openai-stream-parser.ts). */
  toolCallsJson?: string;
  /** Log-probabilities of this event's tokens, only on requests that asked for them. */
  logprobs?: TokenLogprob[];
  /** The same as the upstream's `logprobs` object's JSON text (`{"content":[…],…}`), relayed without a parse (lib/providers/openai-stream-parser.ts). */
  logprobsJson?: string;
}
