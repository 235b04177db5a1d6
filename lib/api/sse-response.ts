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

/** A streamed answer whose first item has arrived, waiting to be attached to a client (`O`: where its writes go). */
export interface OutStream<O> {
  /** Start writing to `out`; `ready` says whether `out` can take more now or only after a `ready()` call. */
  attach(out: O, ready: boolean): void;
  /** The client can take more. */
  ready(): void;
  /** The client went away. */
  cancel(): void | Promise<void>;
  /** Milliseconds from starting the feed to its first item: the upstream's time to first token, as seen from here. */
  firstItemMs: number;
}

export type SseStream = OutStream<SseOut>;

/**
 * What a stream has received and not yet written, in the form its writer needs (text for openSse, bytes for
 * ./byte-sse.ts): items are added as they come, then the end or an error; `write` hands all of it to `out`
 * (ending it when `last`) and returns whether `out` can take more.
 */
export interface Pending<T, O> {
  add(item: T): void;
  end(): void;
  fail(err: JoustError): void;
  /**
   * Characters held (the feed pauses above MAX_PENDING while no client takes them). A method, not a getter: an
   * object literal with a getter is a dictionary-mode object in V8, and every call on it, per token, a slow load.
   */
  size(): number;
  write(out: O, last: boolean): boolean;
}

/**
 * Starts a feed as a stream. Resolves once the first item arrives, so a failure before any output
 * (unknown model, 429, 5xx) rejects here and can become a proper HTTP error; later failures go to
 * `pending.fail` and the stream ends after them.
 *
 * Writes: the first item is written at once (time to first token); after that, items that arrive
 * within WRITE_GAP_MS of the last write, or while the client cannot take more, are joined into one write.
 */
export function openStream<T, O>(feed: Feed<T>, pending: Pending<T, O>): Promise<OutStream<O>> {
  return new Promise((resolve, reject) => {
    let out: O | undefined;
    let held = false; // items or an end not yet written
    let wanted = false; // attached and able to take more
    let done = false; // end or error seen: end once `pending` is out
    let closed = false;
    let settled = false;
    let lastWrite = -Infinity;
    let scheduled = false;
    const flush = () => {
      if (out === undefined || closed) return;
      held = false;
      lastWrite = performance.now();
      if (done) closed = true;
      const more = pending.write(out, done);
      if (!done) wanted = more;
    };
    const flushLater = () => {
      scheduled = false;
      if (wanted) flush();
    };
    /** Something arrived: write now, or once WRITE_GAP_MS since the last write is up. */
    const arrived = () => {
      held = true;
      if (!wanted || scheduled) return;
      const wait = lastWrite + WRITE_GAP_MS - performance.now();
      if (wait <= 0) flush();
      else {
        scheduled = true;
        setTimeout(flushLater, wait);
      }
    };
    const stream: OutStream<O> = {
      attach(o, ready) {
        out = o;
        if (ready) stream.ready();
      },
      ready() {
        wanted = true;
        feed.resume();
        if (held) arrived();
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
        pending.add(item);
        if (wanted) arrived();
        else {
          held = true;
          if (pending.size() > MAX_PENDING) feed.pause();
        }
        first();
      },
      end() {
        if (done) return;
        done = true;
        pending.end();
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
        pending.fail(e);
        arrived();
      },
    });
  });
}

/**
 * A feed as an SSE stream of text (see openStream): `encode` returns an item's SSE text ("" to skip it),
 * `encodeError` a failure's after some output (the stream then ends without `[DONE]`), `tail` what goes
 * before `[DONE]`.
 */
export function openSse<T>(
  feed: Feed<T>,
  encode: (item: T) => string,
  encodeError: (err: JoustError) => string,
  tail?: () => string,
): Promise<SseStream> {
  let text = "";
  return openStream<T, SseOut>(feed, {
    add(item) {
      text += encode(item);
    },
    end() {
      text += (tail?.() ?? "") + SSE_DONE_TEXT;
    },
    fail(err) {
      text += encodeError(err);
    },
    size: () => text.length,
    write(out, last) {
      const t = text;
      text = "";
      if (last) {
        out.end(t);
        return false;
      }
      return t ? out.write(t) : true;
    },
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
