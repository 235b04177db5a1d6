import "server-only";
import http from "node:http";
import https from "node:https";
import { StringDecoder } from "node:string_decoder";
import { urlToHttpOptions } from "node:url";
import type { TokenLogprob, ToolCallDelta } from "@/lib/chat-protocol/tools";
import type { FinishReason } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import type { Feed } from "@/lib/feed";
import { SseParser } from "@/lib/sse";
import { mapOpenAiFinish, OPENAI_FLAVORS, openAiBody, openAiEndpoint } from "./adapters/openai";
import { usageOf, type Usage } from "./adapters/types";
import type { ModelEntry } from "./config";
import { parseRetryAfter, statusError } from "./errors";
import { jsonValueAfter } from "./json-slice";
import { estimateUsage, mergeRequest, type ProviderRequest } from "./stream";
import type { ChoiceEvent, ProviderKind } from "./types";

/**
 * The streaming hot path for OpenAI-format upstreams (openai, mistral, openai-compatible) when no
 * stop sequence has to be enforced: one plain HTTP request whose body is pushed, read by read,
 * to a feed, with content relayed as JSON text (see OpenAiStreamParser) instead of through the
 * SDK's per-chunk async pipeline. Same contract as streamEntry: content events, then one finish
 * event with usage (estimated when the upstream sent none); typed errors; an idle timeout; the
 * caller's abort, or cancelling the feed, drops the upstream request.
 */
export function isOpenAiFormat(p: ProviderKind): p is keyof typeof OPENAI_FLAVORS {
  return p in OPENAI_FLAVORS;
}

// Keep-alive pools with no per-origin socket cap, so hundreds of concurrent streams never queue for a socket.
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
};

/** Where an entry's requests go, worked out once per configured entry (no URL parsing per request). */
interface Target {
  mod: typeof http | typeof https;
  options: http.RequestOptions;
  headers: Record<string, string>;
}

/**
 * POSTs `body` over the pooled agents. The returned function destroys the request (and its response)
 * at any point; after it, neither callback is called.
 */
function post(
  t: Target,
  body: string,
  onResponse: (r: http.IncomingMessage) => void,
  onError: (err: Error) => void,
): () => void {
  let req: http.ClientRequest;
  let dropped = false;
  const send = (retry: boolean) => {
    req = t.mod.request(
      { ...t.options, headers: { ...t.headers, "content-length": String(Buffer.byteLength(body)) } },
      onResponse,
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (dropped) return;
      // A pooled socket the upstream closed while idle: Node's documented advice is to retry once.
      if (retry && req.reusedSocket && err.code === "ECONNRESET") send(false);
      else onError(err);
    });
    req.end(body);
  };
  send(true);
  // Destroyed without an error argument: the caller already knows why, and no emitter is left with an unheard 'error'.
  return () => {
    dropped = true;
    req.destroy();
  };
}

// Sticky patterns, tried where indexOf found the key.
const NULL_FINISH = /"finish_reason"\s*:\s*null/y;
const NULL_USAGE = /"usage"\s*:\s*null/y;
const at = (re: RegExp, s: string, i: number) => {
  re.lastIndex = i;
  return re.test(s);
};

/** A chunk that is certainly plain content: a whole object, `finish_reason` null, no usage, no error. */
function plainChunk(data: string): boolean {
  if (data.charCodeAt(0) !== 123 || data.charCodeAt(data.length - 1) !== 125) return false;
  const f = data.indexOf('"finish_reason"');
  if (f === -1 || !at(NULL_FINISH, data, f)) return false;
  const u = data.indexOf('"usage"');
  if (u !== -1 && !at(NULL_USAGE, data, u)) return false;
  return data.indexOf('"error"') === -1;
}
// A delta holding only content (optionally with the role and a null refusal); group 1 is the content's JSON string literal.
const CONTENT_DELTA =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw control characters; the range excludes them
  /"delta"\s*:\s*\{\s*(?:"role"\s*:\s*"assistant"\s*,\s*)?"content"\s*:\s*("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")\s*(?:,\s*"refusal"\s*:\s*null\s*)?\}/;

/**
 * Parses an OpenAI chat-completions SSE body, read by read, into content deltas given as JSON
 * string literals (quotes included). The first chunk and any chunk that may carry a finish reason,
 * usage or an error is parsed in full; a plain content chunk after it is matched as text and its
 * literal copied, so relaying a token costs neither a JSON parse nor a re-serialisation. (A bare
 * `"` cannot occur inside a JSON string, so key patterns cannot match inside content.) Malformed
 * chunks and errors reported mid-stream throw typed errors.
 */
export class OpenAiStreamParser {
  started = false;
  finish: FinishReason = null;
  usage: Usage | undefined;
  /** Content deltas seen (the completion-token estimate when the upstream reports no usage). */
  pieces = 0;
  private readonly sse = new SseParser();

  constructor(private readonly name: string) {}

  feed(text: string): string[] {
    const out: string[] = [];
    for (const { data } of this.sse.feed(text)) {
      if (data === "[DONE]") continue;
      if (this.started && !this.finish && plainChunk(data)) {
        const m = CONTENT_DELTA.exec(data);
        if (m) {
          if (m[1].length > 2) {
            this.pieces++;
            out.push(m[1]);
          }
          continue;
        }
      }
      const c = parseChunk(data, this.name);
      this.started = true;
      if (c.usage) this.usage = usageOf(c.usage.prompt_tokens, c.usage.completion_tokens);
      const choice = c.choices?.[0];
      if (!choice || this.finish) continue;
      const content = choice.delta?.content;
      if (content) {
        this.pieces++;
        out.push(JSON.stringify(content));
      }
      if (choice.finish_reason) this.finish = mapOpenAiFinish(choice.finish_reason);
    }
    return out;
  }

  /**
   * For requests with tools or log-probabilities: every chunk parsed in full, and events carrying
   * tool-call fragments and log-probabilities as well as content (the plain path above stays as it is).
   */
  feedEvents(text: string): ChoiceEvent[] {
    const out: ChoiceEvent[] = [];
    for (const { data } of this.sse.feed(text)) {
      if (data === "[DONE]") continue;
      // Content with log-probabilities, the bulk of such a stream: both copied as JSON text, as on the plain path.
      if (this.started && !this.finish && data.indexOf('"tool_calls"') === -1 && plainChunk(data)) {
        const e = contentWithLogprobs(data);
        if (e) {
          if (e.json || e.logprobsJson) {
            this.pieces++;
            out.push(e);
          }
          continue;
        }
      }
      const c = parseChunk(data, this.name);
      this.started = true;
      if (c.usage) this.usage = usageOf(c.usage.prompt_tokens, c.usage.completion_tokens);
      const choice = c.choices?.[0];
      if (!choice || this.finish) continue;
      const content = choice.delta?.content;
      const tools = choice.delta?.tool_calls;
      const logprobs = choice.logprobs?.content;
      if (content || tools?.length || logprobs?.length) {
        this.pieces++;
        const e: ChoiceEvent = { index: 0 };
        if (content) e.json = JSON.stringify(content);
        if (tools?.length) e.toolCalls = tools;
        if (logprobs?.length) e.logprobs = logprobs;
        out.push(e);
      }
      if (choice.finish_reason) this.finish = mapOpenAiFinish(choice.finish_reason);
    }
    return out;
  }
}

/** A plain chunk's content literal and raw `logprobs` object text, or undefined when it has some other shape. */
function contentWithLogprobs(data: string): ChoiceEvent | undefined {
  const m = CONTENT_DELTA.exec(data);
  if (!m) return undefined;
  const at = data.indexOf('"logprobs"');
  const lp = at === -1 ? "null" : jsonValueAfter(data, at, "logprobs");
  if (lp === undefined || (lp !== "null" && lp.charCodeAt(0) !== 123)) return undefined;
  const e: ChoiceEvent = { index: 0 };
  if (m[1].length > 2) e.json = m[1];
  if (lp !== "null") e.logprobsJson = lp;
  return e;
}

const targets = new WeakMap<ModelEntry, Target>();
function targetOf(entry: ModelEntry, flavor: (typeof OPENAI_FLAVORS)[keyof typeof OPENAI_FLAVORS]): Target {
  let t = targets.get(entry);
  if (!t) {
    const { baseURL, apiKey } = openAiEndpoint(entry, flavor);
    const url = new URL(`${(baseURL ?? "").replace(/\/+$/, "")}/chat/completions`);
    const secure = url.protocol === "https:";
    t = {
      mod: secure ? https : http,
      options: { ...urlToHttpOptions(url), method: "POST", agent: AGENTS[secure ? "https:" : "http:"] },
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${apiKey}` },
    };
    targets.set(entry, t);
  }
  return t;
}

/** The upstream stream as a feed of choice events (one batch per network read). */
export function openAiFeed(entry: ModelEntry, req: ProviderRequest, signal: AbortSignal): Feed<ChoiceEvent[]> {
  if (!isOpenAiFormat(entry.provider)) throw new Error(`${entry.provider} is not an OpenAI-format provider`);
  const flavor = OPENAI_FLAVORS[entry.provider];
  const name = entry.name;
  const parser = new OpenAiStreamParser(name);
  const rich = req.rich !== undefined || req.toolEvents === true;
  let cause: "client" | "timeout" | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let paused = false;
  let over = false;
  let readNow: (() => void) | undefined;
  let drop: (() => void) | undefined; // destroys the upstream request
  let fail: (err: unknown) => void = () => undefined;
  const stop = (why: "client" | "timeout") => {
    cause ??= why;
    fail(new Error("aborted"));
  };
  const onAbort = () => stop("client");
  const finish = () => {
    over = true;
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    if (!parser.finish) drop?.(); // failed or cancelled: drop the upstream request
  };
  const typed = (err: unknown): JoustError => {
    if (err instanceof JoustError) return err;
    if (cause === "timeout") return new JoustError("timeout:provider", `${name}: the provider did not answer in time.`);
    if (cause === "client") return new JoustError("aborted:chat", "Generation was stopped.");
    if (parser.started) return new JoustError("upstream:provider", `${name}: the provider stream failed.`);
    return new JoustError("upstream:provider", `${name}: the provider could not be reached.`);
  };

  return {
    start(sink) {
      fail = (err: unknown) => {
        if (over) return;
        finish();
        sink.error(typed(err));
      };
      const end = () => {
        if (over) return;
        if (!parser.finish)
          return fail(
            cause
              ? new Error("aborted")
              : new JoustError("upstream:provider", `${name}: the provider stream ended before it was complete.`),
          );
        finish();
        sink.push([{ index: 0, finish: parser.finish, usage: parser.usage ?? estimateUsage(req, parser.pieces) }]);
        sink.end();
      };
      if (signal.aborted) return fail(new JoustError("aborted:chat", "Generation was stopped."));
      signal.addEventListener("abort", onAbort, { once: true });
      // One idle timer per stream, pushed back on every read (refresh() re-arms without a new timer).
      timer = setTimeout(() => stop("timeout"), entry.timeoutMs);
      let body: string;
      let target: Target;
      try {
        target = targetOf(entry, flavor);
        body = JSON.stringify(openAiBody(entry, flavor, mergeRequest(entry, req)));
      } catch (err) {
        return fail(err);
      }
      const onResponse = (r: http.IncomingMessage) => {
        r.on("error", fail);
        if (r.statusCode !== 200) {
          r.resume();
          return fail(
            statusError(name, r.statusCode ?? 502, parseRetryAfter(r.headers["retry-after"] as string | undefined)),
          );
        }
        // 'readable' + read() takes everything one socket read brought at once ('data' would fire per HTTP chunk: per token).
        const decoder = new StringDecoder("utf8");
        const read = () => {
          if (over || paused) return;
          let text = "";
          for (let b: Buffer | null; (b = r.read() as Buffer | null) !== null; ) text += decoder.write(b);
          if (!text) return;
          timer?.refresh();
          let contents: string[] | ChoiceEvent[];
          try {
            contents = rich ? parser.feedEvents(text) : parser.feed(text);
          } catch (err) {
            return fail(err);
          }
          if (!contents.length) return;
          sink.push(rich ? (contents as ChoiceEvent[]) : (contents as string[]).map((json) => ({ index: 0, json })));
        };
        readNow = read;
        r.on("readable", read);
        r.on("end", end);
        r.on("close", () => {
          if (!r.complete) fail(new Error("closed"));
        });
      };
      drop = post(target, body, onResponse, fail);
    },
    // Paused, the body stays unread: Node's buffer fills and TCP holds the upstream back.
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      readNow?.();
    },
    cancel() {
      if (over) return;
      cause ??= "client";
      finish();
    },
  };
}

interface UpstreamChunk {
  id?: string;
  choices?: Array<{
    delta?: { content?: string | null; tool_calls?: ToolCallDelta[] };
    logprobs?: { content?: TokenLogprob[] | null } | null;
    finish_reason?: string | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

function parseChunk(data: string, name: string): UpstreamChunk {
  let c: UpstreamChunk;
  try {
    c = JSON.parse(data) as UpstreamChunk;
  } catch {
    throw new JoustError("upstream:provider", `${name}: the provider sent a malformed stream.`);
  }
  if (c === null || typeof c !== "object")
    throw new JoustError("upstream:provider", `${name}: the provider sent a malformed stream.`);
  if (c.error) throw new JoustError("upstream:provider", `${name}: the provider reported an error mid-stream.`);
  return c;
}
