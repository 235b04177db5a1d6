/**
 * A style-controlled read's binary rows decoded in the computing worker while the main thread fetches the
 * next ones (lib/votes/pack-read.ts): at 10M votes the decoding (base64, or on PostgreSQL the framing of the
 * raw COPY BINARY output, then the pack rows into typed arrays) no longer waits on the fetch, nor blocks the
 * event loop serving chat. COPY output crosses in buffers of a few MB, transferred rather than copied. The
 * arrays are shared memory, so what the worker filled comes back without a copy, and the computation posted
 * to the same worker next reads them where they are.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { MessageChannel } from "node:worker_threads";
import { JoustError, type SerializedError } from "@/lib/errors";
import {
  decoderGone,
  type FlagFilter,
  namedBattles,
  type PackedDecoder,
  type PackedDecoderFactory,
  PackedRows,
  type SinkParts,
} from "@/lib/votes/compact-sink";

/** The message that opens a decoding on a worker (leaderboard.worker.ts hands it to `decodeOn`). */
export interface DecodeStart {
  decode: MessagePort;
  capacity: number;
  style: boolean;
  filter: FlagFilter;
}
type DecodeMsg = { rows: string; float: 4 | 8 } | { copy: Uint8Array } | { finish: true };
type DecodeReply = { ok: true; parts: SinkParts } | { ok: false; error: SerializedError };

/** In the worker: decodes what arrives on `start.decode` until `finish`, then answers with the arrays. */
export function decodeOn(start: DecodeStart): void {
  const port = start.decode;
  const rows = new PackedRows(start.capacity, start.style, start.filter);
  let failed: unknown;
  port.on("message", (m: DecodeMsg) => {
    if (!("finish" in m)) {
      if (failed !== undefined) return;
      try {
        if ("copy" in m) rows.addCopy(m.copy);
        else rows.add(m.rows, m.float);
      } catch (e) {
        failed = e;
      }
      return;
    }
    port.postMessage(reply(rows, failed));
    port.close();
  });
}

function reply(rows: PackedRows, failed: unknown): DecodeReply {
  try {
    if (failed !== undefined) throw failed;
    return { ok: true, parts: rows.parts() };
  } catch (e) {
    return { ok: false, error: JoustError.from(e, "internal:leaderboard").toJSON() };
  }
}

/** COPY output crosses to the worker in buffers of this size, each posted once and transferred, not copied. */
const COPY_BATCH_BYTES = 2 << 20;

/** On the main thread: a decoder factory that decodes on `worker` (one decoding at a time). */
export function decoderOn(worker: Worker, done: () => void): PackedDecoderFactory {
  return (capacity, style, filter) => {
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ decode: port2, capacity, style, filter } satisfies DecodeStart, [port2]);
    let settled = false;
    const end = () => {
      if (settled) return false;
      settled = true;
      worker.off("exit", stopped);
      done();
      return true;
    };
    // The worker may stop at any time (it could not load, or died): watched from the start, so a stop before
    // `finish` is not missed, and the read stops sending at once (it is then done again here: ./pack-read.ts).
    let gone = worker.threadId === -1; // already stopped: no "exit" or "close" comes any more
    let whenGone: (() => void) | undefined;
    const stopped = () => {
      gone = true;
      whenGone?.();
    };
    port1.once("close", stopped);
    worker.once("exit", stopped);
    const alive = () => {
      if (gone) throw decoderGone();
    };
    // COPY output gathered into a buffer this side owns (the chunks are views of the driver's), posted when full.
    let batch: Uint8Array<ArrayBuffer> | undefined;
    let filled = 0;
    const flush = () => {
      if (!batch) return;
      const copy = batch.subarray(0, filled);
      port1.postMessage({ copy } satisfies DecodeMsg, [copy.buffer]);
      (batch = undefined), (filled = 0);
    };
    const decoder: PackedDecoder = {
      add: (rows, float) => {
        alive();
        flush();
        port1.postMessage({ rows, float } satisfies DecodeMsg);
      },
      addCopy: (chunk) => {
        alive();
        for (let at = 0; at < chunk.length; ) {
          batch ??= new Uint8Array(COPY_BATCH_BYTES);
          const n = Math.min(batch.length - filled, chunk.length - at);
          batch.set(chunk.subarray(at, at + n), filled);
          (at += n), (filled += n);
          if (filled === batch.length) flush();
        }
      },
      finish: (names) =>
        new Promise((resolve, reject) => {
          whenGone = () => {
            if (end()) reject(decoderGone());
          };
          if (gone) return whenGone();
          port1.once("message", (m: DecodeReply) => {
            if (!end()) return;
            port1.close();
            if (!m.ok) return reject(JoustError.from(m.error, "internal:leaderboard"));
            try {
              resolve(namedBattles(m.parts, names));
            } catch (e) {
              reject(e);
            }
          });
          flush();
          port1.postMessage({ finish: true } satisfies DecodeMsg);
        }),
      abort: () => {
        if (end()) port1.close();
      },
    };
    return decoder;
  };
}
