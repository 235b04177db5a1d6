import "server-only";
import http from "node:http";
import https from "node:https";
import type { ChatCompletionChunk, FinishReason } from "@/lib/engines/types";
import { JoustError } from "@/lib/errors";
import { SseParser } from "@/lib/sse";
import { mapOpenAiFinish, OPENAI_FLAVORS, openAiBody, openAiEndpoint } from "./adapters/openai";
import { chunk, usageOf, type Usage } from "./adapters/types";
import type { ModelEntry } from "./config";
import { parseRetryAfter, statusError } from "./errors";
import { estimateUsage, mergeRequest, type ProviderRequest } from "./stream";
import type { ProviderKind } from "./types";

/**
 * The streaming hot path for OpenAI-format upstreams (openai, mistral, openai-compatible) when no
 * stop sequence has to be enforced: one plain HTTP request, and per network read one batch of
 * chunks, instead of the SDK's per-chunk async pipeline. Same contract as streamEntry: content
 * chunks carrying the configured name, then one finish chunk with usage (estimated when the
 * upstream sent none); typed errors; idle timeout; the caller's abort cancels the upstream.
 */
export function isOpenAiFormat(p: ProviderKind): p is keyof typeof OPENAI_FLAVORS {
  return p in OPENAI_FLAVORS;
}

// Keep-alive pools with no per-origin socket cap, so hundreds of concurrent streams never queue for a socket.
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
};

type Cause = "client" | "timeout" | undefined;

/** POST over the pooled agents; `signal` destroys the request (and its response) at any point. */
function post(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal, retry = true): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: AGENTS[url.protocol as "http:"] }, resolve);
    const onAbort = () => req.destroy(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => signal.removeEventListener("abort", onAbort));
    req.on("error", (err: NodeJS.ErrnoException) => {
      // A pooled socket the upstream closed while idle: Node's documented advice is to retry once.
      if (retry && req.reusedSocket && err.code === "ECONNRESET" && !signal.aborted) post(url, headers, body, signal, false).then(resolve, reject);
      else reject(err);
    });
    req.end(body);
  });
}

async function readText(res: http.IncomingMessage): Promise<void> {
  for await (const _ of res) void _; // drain so the socket can be reused
}

export async function* streamOpenAiBatches(entry: ModelEntry, req: ProviderRequest, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk[]> {
  if (signal.aborted) throw new JoustError("aborted:chat", "Generation was stopped.");
  if (!isOpenAiFormat(entry.provider)) throw new Error(`${entry.provider} is not an OpenAI-format provider`);
  const flavor = OPENAI_FLAVORS[entry.provider];
  const { baseURL, apiKey } = openAiEndpoint(entry, flavor);
  const name = entry.name;
  const ctl = new AbortController();
  let cause: Cause;
  const onAbort = () => {
    cause ??= "client";
    ctl.abort();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  // One idle timer per stream, pushed back on every read (refresh() re-arms without a new timer).
  const timer = setTimeout(() => {
    cause ??= "timeout";
    ctl.abort();
  }, entry.timeoutMs);

  let id = "";
  let finish: FinishReason = null;
  let usage: Usage | undefined;
  let pieces = 0;
  try {
    const body = JSON.stringify(openAiBody(entry, flavor, mergeRequest(entry, req)));
    const url = new URL(`${(baseURL ?? "").replace(/\/+$/, "")}/chat/completions`);
    const res = await post(url, { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${apiKey}` }, body, ctl.signal);
    if (res.statusCode !== 200) {
      await readText(res).catch(() => undefined);
      throw statusError(name, res.statusCode ?? 502, parseRetryAfter(res.headers["retry-after"] as string | undefined));
    }
    res.setEncoding("utf8");
    const parser = new SseParser();
    for await (const text of res as AsyncIterable<string>) {
      timer.refresh();
      const batch: ChatCompletionChunk[] = [];
      for (const ev of parser.feed(text)) {
        if (ev.data === "[DONE]") continue;
        const c = parseChunk(ev.data, name);
        id ||= c.id ?? "";
        if (c.usage) usage = usageOf(c.usage.prompt_tokens, c.usage.completion_tokens);
        const choice = c.choices?.[0];
        if (!choice || finish) continue;
        const content = choice.delta?.content;
        if (content) {
          pieces++;
          batch.push(chunk(id, name, content));
        }
        if (choice.finish_reason) finish = mapOpenAiFinish(choice.finish_reason);
      }
      if (batch.length) yield batch;
    }
    if (!finish && cause) throw new Error("aborted");
    if (!finish) throw new JoustError("upstream:provider", `${name}: the provider stream ended before it was complete.`);
    yield [chunk(id, name, undefined, finish, usage ?? estimateUsage(req, pieces))];
  } catch (err) {
    if (err instanceof JoustError) throw err;
    if (cause === "timeout") throw new JoustError("timeout:provider", `${name}: the provider did not answer in time.`);
    if (cause === "client") throw new JoustError("aborted:chat", "Generation was stopped.");
    if (id) throw new JoustError("upstream:provider", `${name}: the provider stream failed.`);
    throw new JoustError("upstream:provider", `${name}: the provider could not be reached.`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    if (!finish && !ctl.signal.aborted) ctl.abort(); // the consumer stopped early or it failed: drop the upstream request
  }
}

interface UpstreamChunk {
  id?: string;
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
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
  if (c === null || typeof c !== "object") throw new JoustError("upstream:provider", `${name}: the provider sent a malformed stream.`);
  if (c.error) throw new JoustError("upstream:provider", `${name}: the provider reported an error mid-stream.`);
  return c;
}
