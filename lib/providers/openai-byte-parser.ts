import "server-only";
import { JoustError } from "@/lib/errors";
import { OpenAiChunkState } from "./openai-stream-parser";
import type { ChoiceEvent } from "./types";

/** An event this long with no end in sight is not an answer's chunk: the stream fails instead of growing without bound. */
const MAX_EVENT_CHARS = 4 << 20;
const CR_LINE_ENDS = /\r\n?/g;

/** A latin1 "byte string" (one char per byte) as the UTF-8 text it encodes, and back. */
export const textOfBytes = (s: string): string => Buffer.from(s, "latin1").toString("utf8");
export const bytesOfText = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

/** The data of one SSE event that is not a lone `data: …` line (WHATWG rules); undefined when it has none. */
function eventData(event: string): string | undefined {
  let data: string | undefined;
  for (const line of event.split("\n")) {
    if (line === "" || line.charCodeAt(0) === 58 /* : a comment */) continue;
    const colon = line.indexOf(":");
    if ((colon === -1 ? line : line.slice(0, colon)) !== "data") continue;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}

/**
 * The byte relay's reader of an OpenAI chat-completions SSE body (openAiByteFeed and openAiEventByteFeed in
 * ./openai-stream.ts). Text comes in as latin1, one char per byte: SSE framing and JSON structure are ASCII, so
 * events are cut and plain chunks matched on it as on decoded text, and a part copied out of it (a content
 * literal, an argument fragment, a `logprobs` object) is the upstream's UTF-8 bytes as they came, with its length
 * as its byte count: nothing is decoded or encoded for a token. A chunk parsed in full is decoded first, and its
 * parts come back out as byte strings. Results are appended to the caller's array.
 */
export class OpenAiByteParser extends OpenAiChunkState {
  private rest = "";

  /** Content literals (plain requests). */
  feed(bytes: string, out: string[]): void {
    this.events(bytes, (data) => this.content(data, out));
  }

  /**
   * Choice events (requests with tools or log-probabilities), as OpenAiStreamParser.feedEvents gives them but
   * with every part as JSON text in bytes: `json`, `toolCallsJson` and `logprobsJson`, never parsed objects.
   */
  feedEvents(bytes: string, out: ChoiceEvent[]): void {
    this.events(bytes, (data) => {
      const e = this.eventOf(data, textOfBytes, inBytes);
      if (e) out.push(e);
    });
  }

  /** Calls `take` with the data of each complete event in `bytes` (after those held from earlier reads). */
  private events(bytes: string, take: (data: string) => void): void {
    let text = this.rest ? this.rest + bytes : bytes;
    let held = "";
    if (text.indexOf("\r") !== -1) {
      // \r\n or \r line ends; a trailing \r waits for the next read (it may be the first half of \r\n).
      if (text.charCodeAt(text.length - 1) === 13) {
        held = "\r";
        text = text.slice(0, -1);
      }
      text = text.replace(CR_LINE_ENDS, "\n");
    }
    let at = 0;
    for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n", at)) {
      const event = text.slice(at, end);
      at = end + 2;
      // The common event is one `data: ` line; anything else is read by the SSE rules.
      const data =
        event.charCodeAt(0) === 100 && event.startsWith("data: ") && event.indexOf("\n") === -1
          ? event.slice(6)
          : eventData(event);
      if (data !== undefined && data !== "[DONE]") take(data);
    }
    this.rest = (at ? text.slice(at) : text) + held;
    if (this.rest.length > MAX_EVENT_CHARS)
      throw new JoustError("upstream:provider", `${this.name}: the provider sent a malformed stream.`);
  }

  private content(data: string, out: string[]): void {
    const lit = this.contentOf(data, textOfBytes, bytesOfText);
    if (lit !== undefined) out.push(lit);
  }
}

/** A fully parsed event with its parts as JSON text in bytes (the shapes OpenAI's chunks give them). */
function inBytes(e: ChoiceEvent | undefined): ChoiceEvent | undefined {
  if (!e) return e;
  const b: ChoiceEvent = { index: e.index };
  if (e.json !== undefined) b.json = bytesOfText(e.json);
  if (e.toolCalls) b.toolCallsJson = bytesOfText(JSON.stringify(e.toolCalls));
  if (e.logprobs) b.logprobsJson = bytesOfText(`{"content":${JSON.stringify(e.logprobs)},"refusal":null}`);
  return b;
}
