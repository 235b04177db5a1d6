import type { V1Request } from "./v1-types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import type {
  ContentPart,
  ResponseFormat,
  RichMessage,
  RichParams,
  ToolCall,
  ToolChoice,
  ToolDef,
} from "@/lib/chat-protocol/tools";
import { JoustError } from "@/lib/errors";
import { checkCapabilities } from "./capabilities";

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

/** A request's messages as plain text (limits, usage estimates, text-only upstreams) and, when they hold tool turns or images, as sent. */
export interface V1Messages {
  messages: ChatMessage[];
  rich?: RichMessage[];
}

/**
 * Maps parsed OpenAI fields onto Joust's request (`max_completion_tokens` wins over `max_tokens`), after
 * refusing what the answer could not carry (refuseUnsupported) and what the model cannot do (checkCapabilities).
 */
export function toV1Request(
  b: Sampling & Unsupportable & { max_completion_tokens?: number | null },
  input: ChatMessage[] | V1Messages,
): V1Request {
  refuseUnsupported(b);
  const { messages, rich: richMessages } = Array.isArray(input) ? { messages: input, rich: undefined } : input;
  const rich = richParams(b, richMessages);
  if (rich) checkCapabilities(b.model, rich);
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
      ...(rich ? { rich } : {}),
    },
  };
}

type InMessage = {
  role: string;
  content?:
    | string
    | Array<{ type: string; text?: string; image_url?: { url: string; detail?: "auto" | "low" | "high" } }>
    | null;
  tool_calls?: ToolCall[] | null;
  tool_call_id?: string;
};

const bad = (param: string, message: string) => new JoustError("bad_request:api", message, { param });

/**
 * OpenAI messages (`developer` is a system message) → Joust's plain-text messages, plus the messages
 * as sent when any holds a tool turn (assistant `tool_calls`, role `tool`) or an image part. In the
 * plain form a tool result is a user turn and a tool call its arguments, so limits count them.
 */
export function toChatMessages(messages: InMessage[]): V1Messages {
  let richNeeded = false;
  const rich: RichMessage[] = [];
  const plain = messages.map((m, i): ChatMessage => {
    const role = m.role === "developer" ? "system" : m.role;
    if (role === "tool") {
      if (!m.tool_call_id)
        throw bad(`messages[${i}].tool_call_id`, `messages[${i}] has role 'tool' but no 'tool_call_id'.`);
      const content = textOf(m, i, false);
      richNeeded = true;
      rich.push({ role: "tool", content, tool_call_id: m.tool_call_id });
      return { role: "user", content };
    }
    if (role !== "system" && role !== "user" && role !== "assistant")
      throw new JoustError("unsupported:api", `messages[${i}].role '${m.role}' is not supported.`, {
        param: `messages[${i}].role`,
      });
    if (role === "user" && Array.isArray(m.content) && m.content.some((p) => p.type === "image_url")) {
      richNeeded = true;
      const parts = m.content.map((p, j): ContentPart => {
        if (p.type === "image_url" && p.image_url) return { type: "image_url", image_url: p.image_url };
        if (p.type === "text") return { type: "text", text: p.text ?? "" };
        throw new JoustError(
          "unsupported:api",
          `Content part type '${p.type}' is not supported (messages[${i}].content[${j}]).`,
          { param: `messages[${i}].content[${j}].type` },
        );
      });
      rich.push({ role: "user", content: parts });
      return { role, content: parts.map((p) => (p.type === "text" ? p.text : "")).join("") };
    }
    if (role !== "assistant" && m.tool_calls?.length)
      throw bad(`messages[${i}].tool_calls`, `Only assistant messages may carry 'tool_calls' (messages[${i}]).`);
    const content = textOf(m, i, role === "assistant");
    if (role === "assistant" && m.tool_calls?.length) {
      richNeeded = true;
      rich.push({ role: "assistant", content: content || null, tool_calls: m.tool_calls });
      return {
        role,
        content: content + m.tool_calls.map((c) => `${c.function.name}(${c.function.arguments})`).join("\n"),
      };
    }
    rich.push({ role, content } as RichMessage);
    return { role, content };
  });
  return richNeeded ? { messages: plain, rich } : { messages: plain };
}

function textOf(m: InMessage, i: number, mayBeEmpty: boolean): string {
  if (typeof m.content === "string") return m.content;
  if (m.content == null) {
    if (mayBeEmpty) return "";
    throw bad(`messages[${i}].content`, `messages[${i}].content is required.`);
  }
  let text = "";
  for (const [j, p] of m.content.entries()) {
    if (p.type !== "text")
      throw new JoustError(
        "unsupported:api",
        `Only text content is supported here (messages[${i}].content[${j}] is '${p.type}').`,
        { param: `messages[${i}].content[${j}].type` },
      );
    text += p.text ?? "";
  }
  return text;
}

/** The fields of chat (ChatCompletionsBody) and legacy (CompletionsBody) requests beyond text. */
interface Unsupportable {
  tools?: ToolDef[] | null;
  functions?: unknown[] | null;
  tool_choice?: ToolChoice | null;
  parallel_tool_calls?: boolean | null;
  logprobs?: boolean | number | null;
  top_logprobs?: number | null;
  response_format?: {
    type: string;
    json_schema?: Extract<ResponseFormat, { type: "json_schema" }>["json_schema"];
  } | null;
  best_of?: number | null;
}

const unsupported = (param: string, message: string) => new JoustError("unsupported:api", message, { param });

/**
 * Refuses what no model is served with here: the deprecated `functions` (use `tools`), `best_of`,
 * unknown response formats. Default forms (`functions: []`, `best_of: 1`) pass.
 */
function refuseUnsupported(b: Unsupportable): void {
  if (b.functions?.length) throw unsupported("functions", "'functions' is not supported: send 'tools' instead.");
  if (b.best_of != null && b.best_of > 1)
    throw unsupported("best_of", "'best_of' above 1 is not supported: use 'n' for several answers.");
  const rf = b.response_format?.type;
  if (rf && rf !== "text" && rf !== "json_object" && rf !== "json_schema")
    throw unsupported("response_format", `response_format '${rf}' is not supported.`);
  if (rf === "json_schema" && !b.response_format?.json_schema)
    throw new JoustError("bad_request:api", "response_format 'json_schema' needs a 'json_schema' object.", {
      param: "response_format.json_schema",
    });
}

/**
 * What the request asks for beyond text, or undefined for a plain one. Empty and default forms
 * (`tools: []`, `tool_choice: "none"` or `"auto"` without tools, `logprobs: false`,
 * `response_format: {type: "text"}`) count as plain, as clients and SDKs send them routinely.
 * `logprobs` as a number is the legacy completions form (top alternatives per token).
 */
function richParams(b: Unsupportable, messages: RichMessage[] | undefined): RichParams | undefined {
  const r: RichParams = {};
  if (messages) r.messages = messages;
  if (b.tools?.length) {
    r.tools = b.tools;
    if (b.tool_choice != null) r.tool_choice = b.tool_choice;
    if (b.parallel_tool_calls != null) r.parallel_tool_calls = b.parallel_tool_calls;
  } else if (b.tool_choice != null && b.tool_choice !== "none" && b.tool_choice !== "auto")
    throw new JoustError("bad_request:api", "'tool_choice' needs 'tools'.", { param: "tool_choice" });
  if (typeof b.logprobs === "number") {
    r.logprobs = true;
    r.top_logprobs = b.logprobs;
  } else if (b.logprobs === true) {
    r.logprobs = true;
    if (b.top_logprobs) r.top_logprobs = b.top_logprobs;
  } else if (b.top_logprobs)
    throw new JoustError("bad_request:api", "'top_logprobs' needs 'logprobs': true.", { param: "top_logprobs" });
  if (b.response_format && b.response_format.type !== "text") r.response_format = b.response_format as ResponseFormat;
  return Object.keys(r).length ? r : undefined;
}
