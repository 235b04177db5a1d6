import type { V1Request } from "./v1-types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";

interface Sampling {
  model: string;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  n?: number | null;
  stop?: string | string[] | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  seed?: number | null;
  user?: string | null;
}

const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/**
 * Maps parsed OpenAI fields onto Joust's request (`max_completion_tokens` wins over `max_tokens`), after
 * refusing what the answer could not carry (refuseUnsupported).
 */
export function toV1Request(b: Sampling & Unsupportable & { max_completion_tokens?: number | null }, messages: ChatMessage[]): V1Request {
  refuseUnsupported(b);
  return {
    model: b.model,
    n: b.n ?? 1,
    stream: b.stream === true,
    includeUsage: b.stream_options?.include_usage === true,
    req: {
      messages,
      max_tokens: u(b.max_completion_tokens) ?? u(b.max_tokens),
      temperature: u(b.temperature),
      top_p: u(b.top_p),
      stop: u(b.stop),
      seed: u(b.seed),
      presence_penalty: u(b.presence_penalty),
      frequency_penalty: u(b.frequency_penalty),
      user: u(b.user),
      // A stream that reports no usage needs none from the upstream (one chunk less, and no `"usage":null` on every chunk).
      skipUsage: b.stream === true && b.stream_options?.include_usage !== true,
    },
  };
}

/** OpenAI message content (string or text parts; `developer` is a system message) → Joust messages. */
export function toChatMessages(messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> | null }>): ChatMessage[] {
  return messages.map((m, i) => {
    const role = m.role === "developer" ? "system" : m.role;
    if (role !== "system" && role !== "user" && role !== "assistant")
      throw new JoustError("unsupported:api", `messages[${i}].role '${m.role}' is not supported.`, { param: `messages[${i}].role` });
    let content = "";
    if (typeof m.content === "string") content = m.content;
    else if (Array.isArray(m.content))
      for (const [j, p] of m.content.entries()) {
        if (p.type !== "text") throw new JoustError("unsupported:api", `Only text content is supported (messages[${i}].content[${j}] is '${p.type}').`, { param: `messages[${i}].content[${j}].type` });
        content += p.text ?? "";
      }
    return { role, content };
  });
}

/** The fields of chat (ChatCompletionsBody) and legacy (CompletionsBody) requests that refuseUnsupported reads. */
interface Unsupportable {
  tools?: unknown[] | null;
  functions?: unknown[] | null;
  tool_choice?: unknown;
  logprobs?: boolean | number | null;
  top_logprobs?: number | null;
  response_format?: { type: string } | null;
  best_of?: number | null;
}

const TEXT_ONLY = "this server relays text answers only";
const unsupported = (param: string, message: string) => new JoustError("unsupported:api", message, { param });

/**
 * Refuses what a request asks for that the answer could not carry: tool (function) calls,
 * log-probabilities, JSON mode, `best_of`. Ignoring them would hand back plain text that the client
 * takes for a model that chose not to call a tool, or for valid JSON. Their empty or default forms
 * (`tools: []`, `logprobs: false`, `tool_choice: "none"`, `response_format: {type: "text"}`) pass,
 * as clients and SDKs send them routinely.
 */
function refuseUnsupported(b: Unsupportable): void {
  if (b.tools?.length) throw unsupported("tools", `Tool calls are not supported: ${TEXT_ONLY}.`);
  if (b.functions?.length) throw unsupported("functions", `Function calls are not supported: ${TEXT_ONLY}.`);
  if (b.tool_choice != null && b.tool_choice !== "none" && b.tool_choice !== "auto") throw unsupported("tool_choice", `Tool calls are not supported: ${TEXT_ONLY}.`);
  if (b.logprobs === true || typeof b.logprobs === "number") throw unsupported("logprobs", `Log-probabilities are not supported: ${TEXT_ONLY}.`);
  if (b.top_logprobs) throw unsupported("top_logprobs", `Log-probabilities are not supported: ${TEXT_ONLY}.`);
  if (b.response_format && b.response_format.type !== "text")
    throw unsupported("response_format", `response_format '${b.response_format.type}' is not supported: ${TEXT_ONLY}, with no JSON mode or schema.`);
  if (b.best_of != null && b.best_of > 1) throw unsupported("best_of", "'best_of' above 1 is not supported: use 'n' for several answers.");
}
