import "server-only";
import type { ChatMessage, FinishReason } from "@/lib/engines/types";
import { JoustError } from "@/lib/errors";
import { sseData } from "@/lib/sse";
import { runChoices, UsageTotal, type ChoiceEvent, type ProviderChatRequest } from "./choices";
import { checkMessages, limits } from "./limits";
import { openAiErrorBody } from "./openai-errors";
import { sseResponse } from "./sse-response";

/** A validated OpenAI-style request, already mapped onto Joust's chat request. */
export interface V1Request {
  model: string;
  req: ProviderChatRequest;
  n: number;
  stream: boolean;
  includeUsage: boolean;
}

const encoder = new TextEncoder();
const errorEvent = (err: JoustError) => encoder.encode(`data: ${JSON.stringify(openAiErrorBody(err))}\n\n`);
const now = () => Math.floor(Date.now() / 1000);

/** One write for a batch of events: each event's SSE text (or null to skip it), encoded once. */
const batchEncoder =
  (encode: (e: ChoiceEvent) => string | null) =>
  (batch: ChoiceEvent[]): Uint8Array | null => {
    let s = "";
    for (const e of batch) s += encode(e) ?? "";
    return s ? encoder.encode(s) : null;
  };
const sse = (json: string) => `data: ${json}\n\n`;

function prepare(v: V1Request): void {
  const l = limits();
  if (v.n > l.maxN) throw new JoustError("bad_request:api", `'n' must be at most ${l.maxN}.`, { param: "n" });
  checkMessages(v.req.messages, l);
}

/** `POST /v1/chat/completions`, streaming or not. */
export async function chatCompletions(v: V1Request, signal: AbortSignal): Promise<Response> {
  prepare(v);
  const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
  const created = now();
  const events = runChoices(v.model, v.req, v.n, signal);
  if (!v.stream) {
    const { texts, finishes, usage } = await gather(events, v.n);
    return Response.json({
      id,
      object: "chat.completion",
      created,
      model: v.model,
      choices: texts.map((content, index) => ({ index, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: finishes[index] ?? "stop" })),
      usage: usage.value,
      system_fingerprint: null,
    });
  }
  const usage = new UsageTotal();
  const started = new Set<number>();
  // Fixed parts of every chunk are serialised once; only the choice is stringified per token.
  const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(v.model)},"system_fingerprint":null,"choices":[`;
  const encode = (e: ChoiceEvent) => {
    usage.add(e.index, e.usage);
    if (e.content === undefined && !e.finish) return null;
    const delta: Record<string, string> = {};
    if (!started.has(e.index)) {
      started.add(e.index);
      delta.role = "assistant";
    }
    if (e.content !== undefined) delta.content = e.content;
    const choice = { index: e.index, delta, logprobs: null, finish_reason: e.finish ?? null };
    return sse(`${head}${JSON.stringify(choice)}]}`);
  };
  const tail = v.includeUsage ? () => sseData(`${head}],"usage":${JSON.stringify(usage.value)}}`) : undefined;
  return sseResponse(events, batchEncoder(encode), errorEvent, {}, tail);
}

/** Legacy `POST /v1/completions`: the prompt becomes one user message; answers are text completions. */
export async function textCompletions(v: V1Request, signal: AbortSignal): Promise<Response> {
  prepare(v);
  const id = `cmpl-${crypto.randomUUID().replaceAll("-", "")}`;
  const created = now();
  const events = runChoices(v.model, v.req, v.n, signal);
  if (!v.stream) {
    const { texts, finishes, usage } = await gather(events, v.n);
    return Response.json({
      id,
      object: "text_completion",
      created,
      model: v.model,
      choices: texts.map((text, index) => ({ text, index, logprobs: null, finish_reason: finishes[index] ?? "stop" })),
      usage: usage.value,
    });
  }
  const usage = new UsageTotal();
  const head = `{"id":"${id}","object":"text_completion","created":${created},"model":${JSON.stringify(v.model)},"choices":[`;
  const encode = (e: ChoiceEvent) => {
    usage.add(e.index, e.usage);
    if (e.content === undefined && !e.finish) return null;
    return sse(`${head}${JSON.stringify({ text: e.content ?? "", index: e.index, logprobs: null, finish_reason: e.finish ?? null })}]}`);
  };
  const tail = v.includeUsage ? () => sseData(`${head}],"usage":${JSON.stringify(usage.value)}}`) : undefined;
  return sseResponse(events, batchEncoder(encode), errorEvent, {}, tail);
}

async function gather(batches: AsyncIterable<ChoiceEvent[]>, n: number) {
  const texts = Array.from({ length: n }, () => "");
  const finishes: FinishReason[] = [];
  const usage = new UsageTotal();
  for await (const batch of batches)
    for (const e of batch) {
      if (e.content) texts[e.index] += e.content;
      if (e.finish) finishes[e.index] = e.finish;
      usage.add(e.index, e.usage);
    }
  return { texts, finishes, usage };
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
