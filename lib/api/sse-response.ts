import { JoustError } from "@/lib/errors";
import type { Feed } from "@/lib/feed";
import { SSE_DONE_TEXT, SSE_HEADERS } from "@/lib/sse";

const encoder = new TextEncoder();
/** Characters held for a client that is not reading before the feed is paused. */
export const MAX_PENDING = 64 * 1024;
/**
 * Least time between two writes of one response. A write costs the same for one token as for a
 * hundred (web stream hops in Next, a chunked-encoding frame, a syscall), so tokens that arrive
 * faster than this share a write; a stream slower than this (a real model: 20–100 ms a token)
 * has every token written as it arrives. The first write is never held.
 */
export const WRITE_GAP_MS = 4;

/** Where a stream's text goes: a web ReadableStream (route handlers) or a Node response (the API listener). */
export interface SseOut {
  /** Takes text; returns false when the client cannot take more yet (the stream then waits for `ready()`). */
  write(text: string): boolean;
  /** The last text (possibly empty) and the end, in one go. */
  end(text: string): void;
}

/** A streamed answer whose first item has arrived, waiting to be attached to a client. */
export interface SseStream {
  /** Start writing to `out`; `ready` says whether `out` can take text now or only after a `ready()` call. */
  attach(out: SseOut, ready: boolean): void;
  /** The client can take more. */
  ready(): void;
  /** The client went away. */
  cancel(): void | Promise<void>;
  /** Milliseconds from starting the feed to its first item: the upstream's time to first token, as seen from here. */
  firstItemMs: number;
}

/**
 * Starts a feed as an SSE stream. Resolves once the first item arrives, so a failure before any
 * output (unknown model, 429, 5xx) rejects here and can become a proper HTTP error; later failures
 * become one error event and the stream ends without `[DONE]`.
 *
 * Writes: the first item is written at once (time to first token); after that, items that arrive
 * within WRITE_GAP_MS of the last write, or while the client cannot take more, are joined into one
 * write. `encode` returns the SSE text of an item ("" to skip it).
 */
export function openSse<T>(
  feed: Feed<T>,
  encode: (item: T) => string,
  encodeError: (err: JoustError) => string,
  tail?: () => string,
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    let out: SseOut | undefined;
    let pending = "";
    let wanted = false; // attached and able to take text
    let done = false; // end or error seen: end once `pending` is out
    let closed = false;
    let settled = false;
    let lastWrite = -Infinity;
    let scheduled = false;
    const flush = () => {
      if (!out || closed) return;
      const text = pending;
      pending = "";
      lastWrite = performance.now();
      if (done) {
        closed = true;
        out.end(text);
      } else if (text) wanted = out.write(text);
    };
    const flushLater = () => {
      scheduled = false;
      if (wanted) flush();
    };
    /** Something arrived: write now, or once WRITE_GAP_MS since the last write is up. */
    const arrived = () => {
      if (!wanted || scheduled) return;
      const wait = lastWrite + WRITE_GAP_MS - performance.now();
      if (wait <= 0) flush();
      else {
        scheduled = true;
        setTimeout(flushLater, wait);
      }
    };
    const stream: SseStream = {
      attach(o, ready) {
        out = o;
        if (ready) stream.ready();
      },
      ready() {
        wanted = true;
        feed.resume();
        if (pending || done) arrived();
      },
      cancel() {
        done = closed = true;
        return feed.cancel();
      },
      firstItemMs: 0,
    };
    const started = performance.now();
    const first = () => {
      if (settled) return;
      settled = true;
      stream.firstItemMs = performance.now() - started;
      resolve(stream);
    };
    feed.start({
      push(item) {
        if (done) return;
        pending += encode(item);
        if (wanted) arrived();
        else if (pending.length > MAX_PENDING) feed.pause();
        first();
      },
      end() {
        if (done) return;
        done = true;
        pending += (tail?.() ?? "") + SSE_DONE_TEXT;
        arrived();
        first();
      },
      error(err) {
        if (done) return;
        done = true;
        const e = JoustError.from(err, "upstream:provider");
        if (!settled) {
          settled = true;
          reject(e);
          return;
        }
        pending += encodeError(e);
        arrived();
      },
    });
  });
}

/** The stream as a web ReadableStream: text is encoded once per write; a read is a `ready()`. */
export function webStream(stream: SseStream): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream.attach(
          {
            write(text) {
              controller.enqueue(encoder.encode(text));
              return false; // highWaterMark 0: the next read asks for more
            },
            end(text) {
              if (text) controller.enqueue(encoder.encode(text));
              controller.close();
            },
          },
          false,
        );
      },
      pull: () => stream.ready(),
      cancel: () => stream.cancel(),
    },
    { highWaterMark: 0 },
  );
}

/** A feed as an SSE Response (see openSse); rejects with the feed's error when nothing came before it. */
export async function sseResponse<T>(
  feed: Feed<T>,
  encode: (item: T) => string,
  encodeError: (err: JoustError) => string,
): Promise<Response> {
  return new Response(webStream(await openSse(feed, encode, encodeError)), { headers: SSE_HEADERS });
}
