import "server-only";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { drainFeed } from "@/lib/feed";
import { chatByteFeed } from "@/lib/providers/remote-chat";
import type { ByteFeed } from "@/lib/providers/openai-stream";
import { openByteSse } from "./byte-sse";
import { SSE_HEADERS, sseDataText } from "@/lib/sse";
import { joinJson, runChoices, UsageTotal, type ChoiceEvent } from "./choices";
import { checkGeneration, checkMessages, limits } from "./limits";
import { openAiErrorBody } from "./openai-errors";
import { isRich, legacyLogprobs, logprobsOf, RichGather, richChatChoice } from "./rich-choices";
import { openSse } from "./sse-response";
import type { V1Output, V1Request } from "./v1-types";

const errorEvent = (err: JoustError) => sseDataText(JSON.stringify(openAiErrorBody(err)));
const now = () => Math.floor(Date.now() / 1000);
const json = (body: unknown): V1Output => ({ status: 200, headers: {}, json: body });
export const finishJson = (f: FinishReason | undefined) => (f ? `"${f}"` : "null");

/** The rest of a ChatCompletionChunk after `…"choices":[` for one event: the choice, then usage when the event has it. */
export function chunkText(e: ChoiceEvent): string {
  const choice = `{"index":${e.index},"delta":${e.json === undefined ? "{}" : `{"content":${e.json}}`},"finish_reason":${finishJson(e.finish)}}`;
  return e.usage ? `${choice}],"usage":${JSON.stringify(e.usage)}}` : `${choice}]}`;
}

function prepare(v: V1Request): void {
  const l = limits();
  if (v.n > l.maxN) throw new JoustError("bad_request:api", `'n' must be at most ${l.maxN}.`, { param: "n" });
  checkMessages(v.req.messages, l);
  checkGeneration(v.req, l, v.model);
}

/**
 * A streamed answer in one of OpenAI's chunk shapes. Everything but the choice is serialised once
 * (`head`); content arrives as JSON text (ChoiceEvent.json) and is written into the chunk as it is,
 * so relaying a token is string concatenation. Usage is summed over choices for `include_usage`.
 */
async function streamV1(
  v: V1Request,
  signal: AbortSignal,
  head: string,
  choice: (e: ChoiceEvent, first: boolean) => string,
): Promise<V1Output> {
  const usage = new UsageTotal();
  const started: boolean[] = [];
  const encode = (batch: ChoiceEvent[]) => {
    let s = "";
    for (const e of batch) {
      usage.add(e.index, e.usage);
      if (e.json === undefined && !e.finish && !isRich(e)) continue;
      const first = !started[e.index];
      started[e.index] = true;
      s += `data: ${head}${choice(e, first)}]}\n\n`;
    }
    return s;
  };
  const tail = v.includeUsage ? () => sseDataText(`${head}],"usage":${JSON.stringify(usage.value)}}`) : undefined;
  const sse = await openSse(runChoices(v.model, v.req, v.n, signal), encode, errorEvent, tail);
  return { status: 200, headers: { ...SSE_HEADERS }, sse };
}

/** `POST /v1/chat/completions`, streaming or not; `bytes`: the server can take a stream as bytes (`{ bytes }`). */
export async function chatCompletions(v: V1Request, signal: AbortSignal, bytes = false): Promise<V1Output> {
  prepare(v);
  const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
  const created = now();
  if (!v.stream) {
    const { texts, finishes, usage, rich } = await gather(v, signal);
    return json({
      id,
      object: "chat.completion",
      created,
      model: v.model,
      choices: texts.map((content, index) => ({
        index,
        ...rich.chat(index, content),
        finish_reason: finishes[index] ?? "stop",
      })),
      usage: usage.value,
      system_fingerprint: null,
    });
  }
  const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(v.model)},"system_fingerprint":null,"choices":[`;
  const byteFeed = bytes && v.n === 1 ? chatByteFeed(v.model, v.req, signal) : undefined;
  if (byteFeed) return byteStream(v, byteFeed, head);
  // Only a request with tools or logprobs (v.req.rich) can bring events with more than text.
  const rich = v.req.rich !== undefined;
  return streamV1(v, signal, head, (e, first) => {
    const role = first ? `"role":"assistant"` : "";
    if (rich && isRich(e)) return richChatChoice(e, role, finishJson(e.finish));
    const delta = e.json === undefined ? `{${role}}` : `{${role}${role && ","}"content":${e.json}}`;
    return chatChoice(e.index, delta, finishJson(e.finish));
  });
}

/** Where a content literal goes in a chunk cut into prefix and suffix (no JSON text holds a raw NUL). */
const CUT = "\u0000";

/** A chat chunk's choice with a text delta (or none). */
const chatChoice = (index: number, delta: string, finish: string) =>
  `{"index":${index},"delta":${delta},"logprobs":null,"finish_reason":${finish}}`;

/** The event path's content chunk (`before` the content key in its delta), cut where its literal goes. */
const contentChunk = (head: string, before: string): string[] =>
  sseDataText(`${head}${chatChoice(0, `{${before}"content":${CUT}}`, "null")}]}`).split(CUT);

/**
 * A streamed answer relayed as bytes (../providers/openai-byte-parser.ts, ./byte-sse.ts): the same chunks,
 * finish, usage and errors as streamV1 writes for it, without a decoded string per token. A plain answer's
 * content literal is copied between its chunk's prefix and suffix; an event with tool calls or log-probabilities
 * becomes its whole choice (richChatChoice: its parts are JSON text in bytes already).
 */
async function byteStream(
  v: V1Request,
  feed: { plain: ByteFeed<string> } | { events: ByteFeed<ChoiceEvent> },
  head: string,
): Promise<V1Output> {
  const role = `"role":"assistant"`;
  const closing = (f: Pick<ByteFeed<unknown>, "finish" | "usage">, first: boolean) => {
    const usage = new UsageTotal();
    usage.add(0, f.usage);
    const delta = first ? `{${role}}` : "{}";
    const end = sseDataText(`${head}${chatChoice(0, delta, finishJson(f.finish))}]}`);
    return v.includeUsage ? end + sseDataText(`${head}],"usage":${JSON.stringify(usage.value)}}`) : end;
  };
  const bytes =
    "plain" in feed
      ? await openByteSse<string>(feed.plain, {
          piece: (literal) => literal,
          firstPrefix: Buffer.from(contentChunk(head, `${role},`)[0]),
          prefix: Buffer.from(contentChunk(head, "")[0]),
          suffix: Buffer.from(contentChunk(head, "")[1]),
          closing,
          errorEvent,
        })
      : await openByteSse<ChoiceEvent>(feed.events, {
          piece: (e, first) => richChatChoice(e, first ? role : "", "null"),
          firstPrefix: Buffer.from(`data: ${head}`),
          prefix: Buffer.from(`data: ${head}`),
          suffix: Buffer.from("]}\n\n"),
          closing,
          errorEvent,
        });
  return { status: 200, headers: { ...SSE_HEADERS }, bytes };
}

/** Legacy `POST /v1/completions`: the prompt becomes one user message; answers are text completions. */
export async function textCompletions(v: V1Request, signal: AbortSignal): Promise<V1Output> {
  prepare(v);
  const id = `cmpl-${crypto.randomUUID().replaceAll("-", "")}`;
  const created = now();
  if (!v.stream) {
    const { texts, finishes, usage, rich } = await gather(v, signal);
    return json({
      id,
      object: "text_completion",
      created,
      model: v.model,
      choices: texts.map((text, index) => ({
        text,
        index,
        logprobs: rich.legacy(index),
        finish_reason: finishes[index] ?? "stop",
      })),
      usage: usage.value,
    });
  }
  const head = `{"id":"${id}","object":"text_completion","created":${created},"model":${JSON.stringify(v.model)},"choices":[`;
  const offsets: number[] = [];
  return streamV1(v, signal, head, (e) => {
    let lp = "null";
    const lps = logprobsOf(e);
    if (lps) {
      lp = JSON.stringify(legacyLogprobs(lps, offsets[e.index] ?? 0));
      offsets[e.index] = (offsets[e.index] ?? 0) + lps.reduce((n, t) => n + t.token.length, 0);
    }
    return `{"text":${e.json ?? '""'},"index":${e.index},"logprobs":${lp},"finish_reason":${finishJson(e.finish)}}`;
  });
}

async function gather(v: V1Request, signal: AbortSignal) {
  const parts = Array.from({ length: v.n }, (): string[] => []);
  const finishes: FinishReason[] = [];
  const usage = new UsageTotal();
  const rich = new RichGather();
  await drainFeed(runChoices(v.model, v.req, v.n, signal), (batch) => {
    for (const e of batch) {
      if (e.json) parts[e.index].push(e.json);
      rich.add(e);
      if (e.finish) finishes[e.index] = e.finish;
      usage.add(e.index, e.usage);
    }
  });
  return { texts: parts.map(joinJson), finishes, usage, rich };
}
