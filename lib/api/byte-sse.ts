import "server-only";
import type { JoustError } from "@/lib/errors";
import { bytesOfText } from "@/lib/providers/openai-byte-parser";
import type { ByteFeed } from "@/lib/providers/openai-stream";
import { SSE_DONE_TEXT } from "@/lib/sse";
import { type OutStream, openStream } from "./sse-response";

/**
 * Where a byte stream's writes go. While `framed` is true a write must carry its own chunked-encoding frame
 * (`size\r\n … \r\n`: the API port writes it to the socket as it is, one write per flush); the end never does.
 */
export interface ByteOut {
  framed(): boolean;
  /** False when the client cannot take more yet (the stream then waits for `ready()`). */
  write(buf: Buffer): boolean;
  /** The last bytes (possibly none) and the end, in one go. */
  end(buf: Buffer): void;
}

/** Buffer's own latin1 writer (what `buf.write(s, at, "latin1")` calls, without the argument parsing). */
type Latin1Writable = Buffer & { latin1Write(s: string, at: number): number };

/** A chat stream relayed as bytes, whose first item has arrived, waiting to be attached to a client. */
export type ByteSseStream = OutStream<ByteOut>;

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
 * the write's buffer. openStream gives it openSse's write timing (the first at once, then at most one write per
 * WRITE_GAP_MS), backpressure and errors: a failure before any content rejects; a later one ends the stream with
 * an error event and no `[DONE]`.
 */
export function openByteSse<T>(feed: ByteFeed<T>, shape: ChunkShape<T>): Promise<ByteSseStream> {
  let pieces: string[] = []; // made, not yet written
  let chars = 0;
  let made = 0; // pieces made so far
  let sent = false; // a piece was written
  let closing = ""; // the closing events (latin1), once the feed is over
  return openStream<T[], ByteOut>(feed, {
    add(items) {
      for (const item of items) {
        const piece = shape.piece(item, made++ === 0);
        pieces.push(piece);
        chars += piece.length;
      }
    },
    end() {
      closing = bytesOfText(shape.closing(feed, made === 0)) + SSE_DONE_TEXT;
    },
    fail(err) {
      closing = bytesOfText(shape.errorEvent(err));
    },
    size: () => chars,
    write(out, last) {
      const lits = pieces;
      pieces = [];
      chars = 0;
      let n = closing.length;
      for (let k = 0; k < lits.length; k++)
        n += (k === 0 && !sent ? shape.firstPrefix : shape.prefix).length + lits[k].length + shape.suffix.length;
      const framed = !last && out.framed();
      const size = framed ? n.toString(16) : "";
      const buf = Buffer.allocUnsafe(framed ? size.length + n + 4 : n) as Latin1Writable;
      let o = 0;
      if (framed) {
        o = buf.latin1Write(size, 0);
        buf[o++] = 13;
        buf[o++] = 10;
      }
      for (let k = 0; k < lits.length; k++) {
        o += (sent ? shape.prefix : shape.firstPrefix).copy(buf, o);
        sent = true;
        o += buf.latin1Write(lits[k], o);
        o += shape.suffix.copy(buf, o);
      }
      if (last) {
        if (closing) buf.latin1Write(closing, o);
        out.end(buf);
        return false;
      }
      if (!n) return true;
      if (framed) {
        buf[o++] = 13;
        buf[o] = 10;
      }
      return out.write(buf);
    },
  });
}
