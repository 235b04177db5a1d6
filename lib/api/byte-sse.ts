import "server-only";
import { JoustError } from "@/lib/errors";
import { bytesOfText } from "@/lib/providers/openai-byte-parser";
import type { ByteFeed } from "@/lib/providers/openai-stream";
import { SSE_DONE_TEXT } from "@/lib/sse";
import { MAX_PENDING, WRITE_GAP_MS } from "./sse-response";

/**
 * Where a byte stream's writes go. While `framed` is true a write must carry its own chunked-encoding frame
 * (`size\r\n … \r\n`: the API port writes it to the socket as it is, one write per flush); the end never does.
 */
export interface ByteOut {
  readonly framed: boolean;
  /** False when the client cannot take more yet (the stream then waits for `ready()`). */
  write(buf: Buffer): boolean;
  /** The last bytes (possibly none) and the end, in one go. */
  end(buf: Buffer): void;
}

/** Buffer's own latin1 writer (what `buf.write(s, at, "latin1")` calls, without the argument parsing). */
type Latin1Writable = Buffer & { latin1Write(s: string, at: number): number };

/** A plain chat stream whose first content has arrived, waiting to be attached to a client. */
export interface ByteSseStream {
  attach(out: ByteOut, ready: boolean): void;
  ready(): void;
  cancel(): void | Promise<void>;
  /** Milliseconds from starting the feed to its first item: the upstream's time to first token, as seen from here. */
  firstItemMs: number;
}

/** How a chat stream's chunks read around each item's bytes, and its last events. */
export interface ChunkShape<T> {
  /** An item's bytes (a latin1 string); `first`: the stream's first. */
  piece(item: T, first: boolean): string;
  /** Before the first piece (the chunk's head, and the role where the piece does not carry it). */
  firstPrefix: Buffer;
  /** Before every later piece. */
  prefix: Buffer;
  /** After each piece, to the event's end. */
  suffix: Buffer;
  /** The events after the last piece (finish, usage), as text; `first`: no piece was sent. */
  closing(feed: ByteFeed<T>, first: boolean): string;
  errorEvent(err: JoustError): string;
}

/**
 * openSse (./sse-response.ts) for a chat answer relayed as bytes: each item from the feed becomes its piece (a
 * byte string: ../providers/openai-byte-parser.ts), copied between its chunk's prefix and suffix straight into
 * the write's buffer, with the same write timing (the first at once, then at most one write per
 * WRITE_GAP_MS), backpressure and errors as openSse: a failure before any content rejects; a later one ends
 * the stream with an error event and no `[DONE]`.
 */
export function openByteSse<T>(feed: ByteFeed<T>, shape: ChunkShape<T>): Promise<ByteSseStream> {
  return new Promise((resolve, reject) => {
    let out: ByteOut | undefined;
    let pending: string[] = []; // pieces not yet written
    let pendingChars = 0;
    let closingText = ""; // the closing events (latin1), once the feed is over
    let sentContent = false; // a piece was written
    let pieces = 0; // pieces made
    let wanted = false;
    let done = false;
    let closed = false;
    let settled = false;
    let lastWrite = -Infinity;
    let scheduled = false;
    const flush = () => {
      if (!out || closed) return;
      const lits = pending;
      pending = [];
      pendingChars = 0;
      lastWrite = performance.now();
      let n = closingText.length;
      for (let k = 0; k < lits.length; k++)
        n += (k === 0 && !sentContent ? shape.firstPrefix : shape.prefix).length + lits[k].length + shape.suffix.length;
      const framed = !done && out.framed;
      const size = framed ? n.toString(16) : "";
      const buf = Buffer.allocUnsafe(framed ? size.length + n + 4 : n) as Latin1Writable;
      let o = 0;
      if (framed) {
        o = buf.latin1Write(size, 0);
        buf[o++] = 13;
        buf[o++] = 10;
      }
      for (let k = 0; k < lits.length; k++) {
        o += (sentContent ? shape.prefix : shape.firstPrefix).copy(buf, o);
        sentContent = true;
        o += buf.latin1Write(lits[k], o);
        o += shape.suffix.copy(buf, o);
      }
      if (done) {
        if (closingText) buf.latin1Write(closingText, o);
        closed = true;
        out.end(buf);
        return;
      }
      if (framed) {
        buf[o++] = 13;
        buf[o] = 10;
      }
      if (n) wanted = out.write(buf);
    };
    const flushLater = () => {
      scheduled = false;
      if (wanted) flush();
    };
    const arrived = () => {
      if (!wanted || scheduled) return;
      const wait = lastWrite + WRITE_GAP_MS - performance.now();
      if (wait <= 0) flush();
      else {
        scheduled = true;
        setTimeout(flushLater, wait);
      }
    };
    const stream: ByteSseStream = {
      attach(o, ready) {
        out = o;
        if (ready) stream.ready();
      },
      ready() {
        wanted = true;
        feed.resume();
        if (pending.length || done) arrived();
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
      push(items) {
        if (done) return;
        for (const item of items) {
          const piece = shape.piece(item, pieces++ === 0);
          pending.push(piece);
          pendingChars += piece.length;
        }
        if (wanted) arrived();
        else if (pendingChars > MAX_PENDING) feed.pause();
        first();
      },
      end() {
        if (done) return;
        done = true;
        closingText = bytesOfText(shape.closing(feed, pieces === 0)) + SSE_DONE_TEXT;
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
        closingText = bytesOfText(shape.errorEvent(e));
        arrived();
      },
    });
  });
}
