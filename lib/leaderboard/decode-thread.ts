/**
 * A style-controlled read's binary rows decoded in the computing worker while the main thread fetches the
 * next ones (lib/votes/pack-read.ts): at 10M votes the decoding (base64, then the pack rows into typed
 * arrays) is about half a second that no longer waits on the fetch, nor blocks the event loop serving
 * chat. The arrays are shared memory, so what the worker filled comes back without a copy, and the
 * computation posted to the same worker next reads them where they are.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { MessageChannel } from "node:worker_threads";
import { JoustError, type SerializedError } from "@/lib/errors";
import {
  CompactSink,
  type FlagFilter,
  namedBattles,
  type PackedDecoder,
  type PackedDecoderFactory,
  type SinkParts,
} from "@/lib/votes/compact-sink";

/** The message that opens a decoding on a worker (leaderboard.worker.ts hands it to `decodeOn`). */
export interface DecodeStart {
  decode: MessagePort;
  capacity: number;
  style: boolean;
  filter: FlagFilter;
}
type DecodeMsg = { rows: string; float: 4 | 8 } | { finish: true };
type DecodeReply = { ok: true; parts: SinkParts } | { ok: false; error: SerializedError };

/** In the worker: decodes what arrives on `start.decode` until `finish`, then answers with the arrays. */
export function decodeOn(start: DecodeStart): void {
  const port = start.decode;
  const sink = new CompactSink(start.capacity, start.style);
  let skipped = 0;
  let failed: unknown;
  port.on("message", (m: DecodeMsg) => {
    if ("rows" in m) {
      if (failed !== undefined) return;
      try {
        skipped += sink.addPacked(Buffer.from(m.rows, "base64"), m.float, start.filter);
      } catch (e) {
        failed = e;
      }
      return;
    }
    const reply: DecodeReply =
      failed === undefined
        ? { ok: true, parts: sink.parts(start.style ? skipped : 0) }
        : { ok: false, error: JoustError.from(failed, "internal:leaderboard").toJSON() };
    port.postMessage(reply);
    port.close();
  });
}

/** On the main thread: a decoder factory that decodes on `worker` (one decoding at a time). */
export function decoderOn(worker: Worker, done: () => void): PackedDecoderFactory {
  return (capacity, style, filter) => {
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ decode: port2, capacity, style, filter } satisfies DecodeStart, [port2]);
    let settled = false;
    const end = () => {
      if (settled) return false;
      settled = true;
      done();
      return true;
    };
    const decoder: PackedDecoder = {
      add: (rows, float) => port1.postMessage({ rows, float } satisfies DecodeMsg),
      finish: (names) =>
        new Promise((resolve, reject) => {
          const gone = () => {
            if (end()) reject(new JoustError("internal:leaderboard", "The leaderboard worker stopped while decoding."));
          };
          port1.once("close", gone);
          worker.once("exit", gone);
          port1.once("message", (m: DecodeReply) => {
            worker.off("exit", gone);
            if (!end()) return;
            port1.close();
            if (!m.ok) return reject(JoustError.from(m.error, "internal:leaderboard"));
            try {
              resolve(namedBattles(m.parts, names));
            } catch (e) {
              reject(e);
            }
          });
          port1.postMessage({ finish: true } satisfies DecodeMsg);
        }),
      abort: () => {
        if (end()) port1.close();
      },
    };
    return decoder;
  };
}
