import { JoustError } from "@/lib/errors";
import type { Feed } from "@/lib/feed";
import { SSE_DONE_TEXT, SSE_HEADERS } from "@/lib/sse";

const encoder = new TextEncoder();
/** Characters held for a client that is not reading before the feed is paused. */
const MAX_PENDING = 64 * 1024;
/**
 * Least time between two writes of one response. A write costs the same for one token as for a
 * hundred (web stream hops in Next, a chunked-encoding frame, a syscall), so tokens that arrive
 * faster than this share a write; a stream slower than this (a real model: 20–100 ms a token)
 * has every token written as it arrives. The first write is never held.
 */
export const WRITE_GAP_MS = 4;

/**
 * Turns a feed into an SSE Response. The response exists once the first item arrives, so a
 * failure before any output (unknown model, 429, 5xx) becomes a proper HTTP error thrown to the
 * caller; later failures become one error event and the stream ends without `[DONE]`.
 * Cancelling the response cancels the feed.
 *
 * Writes: the first item is written at once (time to first token); after that, items that arrive
 * within WRITE_GAP_MS of the last write, or while the client is still being written to, are
 * joined into one write. `encode` returns the SSE text of an item ("" to skip it); text is
 * encoded to bytes once per write.
 */
export function sseResponse<T>(
  feed: Feed<T>,
  encode: (item: T) => string,
  encodeError: (err: JoustError) => string,
  headers: Record<string, string> = {},
  tail?: () => string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    let pending = "";
    let wanted = false; // the client asked for data and has none yet
    let done = false; // end or error seen: close once `pending` is out
    let settled = false;
    let lastWrite = -Infinity;
    let scheduled = false;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const flush = () => {
      wanted = false;
      if (pending) {
        controller.enqueue(encoder.encode(pending));
        pending = "";
        lastWrite = performance.now();
      }
      if (done) controller.close();
    };
    const flushLater = () => {
      scheduled = false;
      if (wanted) flush();
    };
    /** Something arrived for a waiting client: write now, or when WRITE_GAP_MS since the last write is up. */
    const arrived = () => {
      if (!wanted || scheduled) return;
      const wait = lastWrite + WRITE_GAP_MS - performance.now();
      if (wait <= 0) flush();
      else {
        scheduled = true;
        setTimeout(flushLater, wait);
      }
    };
    const body = new ReadableStream<Uint8Array>(
      {
        start(c) {
          controller = c;
        },
        pull() {
          if (pending || done) flush();
          else {
            wanted = true;
            feed.resume();
          }
        },
        cancel() {
          done = true;
          return feed.cancel();
        },
      },
      { highWaterMark: 0 },
    );
    const respond = () => {
      if (settled) return;
      settled = true;
      resolve(new Response(body, { headers: { ...SSE_HEADERS, ...headers } }));
    };
    feed.start({
      push(item) {
        if (done) return;
        pending += encode(item);
        if (wanted) arrived();
        else if (pending.length > MAX_PENDING) feed.pause();
        respond();
      },
      end() {
        if (done) return;
        done = true;
        pending += (tail?.() ?? "") + SSE_DONE_TEXT;
        arrived();
        respond();
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
