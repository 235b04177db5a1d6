import "server-only";
import type http from "node:http";
import { StringDecoder } from "node:string_decoder";
import { JoustError } from "@/lib/errors";
import type { Feed } from "@/lib/feed";
import { OPENAI_FLAVORS, openAiBody } from "./adapters/openai";
import type { ModelEntry } from "./config";
import { parseRetryAfter, statusError } from "./errors";
import type { FinishReason } from "@/lib/chat-protocol/types";
import type { Usage } from "./adapters/types";
import { OpenAiByteParser } from "./openai-byte-parser";
import { post, type Target, targetOf } from "./openai-http";
import { type OpenAiChunkState, OpenAiStreamParser } from "./openai-stream-parser";
import { estimateUsage, mergeRequest, type ProviderRequest } from "./stream";
import type { ChoiceEvent, ProviderKind } from "./types";

export { OpenAiStreamParser };

/**
 * The streaming hot path for OpenAI-format upstreams (openai, mistral, openai-compatible) when no
 * stop sequence has to be enforced: one plain HTTP request whose body is pushed, read by read,
 * to a feed, with content relayed as JSON text (see ./openai-stream-parser) instead of through the
 * SDK's per-chunk async pipeline. Same contract as streamEntry: content events, then one finish
 * event with usage (estimated when the upstream sent none); typed errors; an idle timeout; the
 * caller's abort, or cancelling the feed, drops the upstream request.
 */
export function isOpenAiFormat(p: ProviderKind): p is keyof typeof OPENAI_FLAVORS {
  return p in OPENAI_FLAVORS;
}

/** The upstream stream as a feed of choice events (one batch per network read). */
export function openAiFeed(entry: ModelEntry, req: ProviderRequest, signal: AbortSignal): Feed<ChoiceEvent[]> {
  const parser = new OpenAiStreamParser(entry.name);
  const rich = req.rich !== undefined || req.toolEvents === true;
  const decoder = new StringDecoder("utf8");
  return upstreamFeed<ChoiceEvent[]>(entry, req, signal, parser, {
    perChunk: false,
    decode: (b) => decoder.write(b),
    items(text) {
      if (rich) {
        const events = parser.feedEvents(text);
        return events.length ? events : undefined;
      }
      const contents = parser.feed(text);
      return contents.length ? contents.map((json) => ({ index: 0, json })) : undefined;
    },
    last: () => [{ index: 0, finish: parser.finish, usage: parser.usage ?? estimateUsage(req, parser.pieces) }],
  });
}

/**
 * An answer as bytes (see ./openai-byte-parser): per network read, an array of items whose JSON text is the
 * upstream's UTF-8 bytes as they came, for relays that write bytes (the API port): no decoding, no re-encoding.
 * After the feed's end, `finish` and `usage` (the upstream's, or estimated) describe the answer.
 */
export interface ByteFeed<T> extends Feed<T[]> {
  readonly finish: FinishReason;
  readonly usage: Usage;
}

/** A plain answer's content literals as bytes: for requests without tools, log-probabilities or stop sequences to enforce. */
export function openAiByteFeed(entry: ModelEntry, req: ProviderRequest, signal: AbortSignal): ByteFeed<string> {
  return byteFeed<string>(entry, req, signal, (p, text, out) => p.feed(text, out));
}

/** The choice events of an answer with tools or log-probabilities, their parts as JSON text in bytes. */
export function openAiEventByteFeed(
  entry: ModelEntry,
  req: ProviderRequest,
  signal: AbortSignal,
): ByteFeed<ChoiceEvent> {
  return byteFeed<ChoiceEvent>(entry, req, signal, (p, text, out) => p.feedEvents(text, out));
}

function byteFeed<T>(
  entry: ModelEntry,
  req: ProviderRequest,
  signal: AbortSignal,
  read: (parser: OpenAiByteParser, text: string, out: T[]) => void,
): ByteFeed<T> {
  const parser = new OpenAiByteParser(entry.name);
  const feed = upstreamFeed<T[]>(entry, req, signal, parser, {
    perChunk: true,
    decode: (b) => b.toString("latin1"),
    items(text) {
      const out: T[] = [];
      read(parser, text, out);
      return out.length ? out : undefined;
    },
    last: () => undefined,
  });
  return {
    ...feed,
    get finish() {
      return parser.finish;
    },
    get usage() {
      return parser.usage ?? estimateUsage(req, parser.pieces);
    },
  };
}

/**
 * How a feed reads its upstream's body: each read decoded and turned into an item (or none), then a last item.
 * `perChunk`: read per HTTP chunk ('data': less machinery per read, the choice when each read is relayed as it
 * comes) instead of everything a socket read brought at once ('readable').
 */
interface BodyReader<T> {
  perChunk: boolean;
  decode(b: Buffer): string;
  items(text: string): T | undefined;
  last(): T | undefined;
}

/**
 * One upstream request as a feed: the request, typed errors, an idle timeout, the caller's abort; the body
 * read as `reader` says, its items pushed, then the last one once the stream is complete.
 */
function upstreamFeed<T>(
  entry: ModelEntry,
  req: ProviderRequest,
  signal: AbortSignal,
  parser: OpenAiChunkState,
  reader: BodyReader<T>,
): Feed<T> {
  if (!isOpenAiFormat(entry.provider)) throw new Error(`${entry.provider} is not an OpenAI-format provider`);
  const flavor = OPENAI_FLAVORS[entry.provider];
  const name = entry.name;
  let cause: "client" | "timeout" | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRead = 0; // performance.now() of the last read (the idle timer checks it)
  let paused = false;
  let over = false;
  let readNow: (() => void) | undefined;
  let flowing: http.IncomingMessage | undefined; // the response, when read per chunk
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
        const last = reader.last();
        if (last !== undefined) sink.push(last);
        sink.end();
      };
      if (signal.aborted) return fail(new JoustError("aborted:chat", "Generation was stopped."));
      signal.addEventListener("abort", onAbort, { once: true });
      // One idle timer per stream. A read only notes its time (refreshing a timer on every token costs more than
      // the token's parse); when the timer fires before the stream has been idle that long, it is set for the rest.
      const limit = entry.timeoutMs ?? 60_000; // set by the config's parse (DEFAULT_TIMEOUT_MS)
      const idle = () => {
        const left = lastRead + limit - performance.now();
        if (left > 0) timer = setTimeout(idle, left);
        else stop("timeout");
      };
      lastRead = performance.now();
      timer = setTimeout(idle, limit);
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
        const take = (text: string) => {
          lastRead = performance.now();
          let item: T | undefined;
          try {
            item = reader.items(text);
          } catch (err) {
            return fail(err);
          }
          if (item !== undefined) sink.push(item);
        };
        if (reader.perChunk) {
          flowing = r;
          r.on("data", (b: Buffer) => {
            if (!over) take(reader.decode(b));
          });
          if (paused) r.pause();
        } else {
          // 'readable' + read() takes everything one socket read brought at once ('data' fires per HTTP chunk).
          const read = () => {
            if (over || paused) return;
            let text = "";
            for (let b: Buffer | null; (b = r.read() as Buffer | null) !== null; ) text += reader.decode(b);
            if (text) take(text);
          };
          readNow = read;
          r.on("readable", read);
        }
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
      flowing?.pause();
    },
    resume() {
      if (!paused) return;
      paused = false;
      flowing?.resume();
      readNow?.();
    },
    cancel() {
      if (over) return;
      cause ??= "client";
      finish();
    },
  };
}
