/**
 * Server-sent events for our own streaming routes (/api/chat, arena sides, /api/v1).
 * Chunks go as `data: <json>\n\n`; a failure mid-stream as `event: error\ndata: {"error":{code,message}}\n\n`;
 * the end as `data: [DONE]\n\n` (OpenAI's convention).
 */
import { JoustError, type SerializedError } from "@/lib/errors";

const encoder = new TextEncoder();

/** One `data:` event, as text (routes that batch events encode once per write). */
export const sseDataText = (json: string): string => `data: ${json}\n\n`;
export const sseErrorText = (error: SerializedError): string => `event: error\ndata: ${JSON.stringify({ error })}\n\n`;
export const SSE_DONE_TEXT = "data: [DONE]\n\n";

export function sseData(json: string): Uint8Array {
  return encoder.encode(sseDataText(json));
}

export function sseError(error: SerializedError): Uint8Array {
  return encoder.encode(sseErrorText(error));
}

export const SSE_DONE = encoder.encode(SSE_DONE_TEXT);

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental SSE parser (WHATWG rules: `data:` lines joined by \n, `event:` names, comments ignored,
 * \r\n, \r or \n line ends). Feed text; complete events come out.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";

  feed(text: string): SseEvent[] {
    const buf = this.buffer ? this.buffer + text : text;
    const out: SseEvent[] = [];
    let start = 0;
    if (buf.indexOf("\r") === -1) {
      // The common case (\n line ends): jump from line end to line end.
      for (let i = buf.indexOf("\n"); i !== -1; i = buf.indexOf("\n", start)) {
        this.line(buf.slice(start, i), out);
        start = i + 1;
      }
    } else {
      for (let i = 0; i < buf.length; i++) {
        const ch = buf[i];
        if (ch !== "\n" && ch !== "\r") continue;
        if (ch === "\r" && i + 1 === buf.length) break; // wait: may be \r\n split across feeds
        const line = buf.slice(start, i);
        if (ch === "\r" && buf[i + 1] === "\n") i++;
        start = i + 1;
        this.line(line, out);
      }
    }
    this.buffer = start ? buf.slice(start) : buf;
    return out;
  }

  /** True when bytes of an unfinished event remain (a truncated stream). */
  get pending(): boolean {
    return this.buffer.length > 0 || this.data.length > 0;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.data.length)
        out.push({
          event: this.event || "message",
          data: this.data.length === 1 ? this.data[0] : this.data.join("\n"),
        });
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith("data: ")) {
      this.data.push(line.slice(6));
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}

/**
 * Read one of our SSE responses as JSON payloads. Throws the typed error from an
 * `event: error`, and `upstream:provider` when the stream ends without `[DONE]`.
 */
export async function* readSseJson<T>(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const ev of parser.feed(decoder.decode(value, { stream: true }))) {
        if (ev.event === "error") throw JoustError.from(JSON.parse(ev.data), "upstream:provider");
        if (ev.data === "[DONE]") return;
        yield JSON.parse(ev.data) as T;
      }
    }
    if (signal?.aborted) return;
    throw new JoustError("upstream:provider", "The stream ended before it was complete (connection lost).");
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}
