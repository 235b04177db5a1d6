import { JoustError } from "@/lib/errors";
import { SSE_DONE, SSE_HEADERS } from "@/lib/sse";

const NOT_READY = Symbol("not-ready");
const nextTurn = () => new Promise<typeof NOT_READY>((r) => setImmediate(r, NOT_READY));

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/**
 * Turns an async iterable into an SSE Response. The first item is awaited before the
 * response starts, so a failure before any output (unknown model, 429, 5xx) becomes a
 * proper HTTP error thrown to the caller; later failures become one error event and the
 * stream ends without `[DONE]`. Cancelling the response stops the source.
 * Items that are already available (one upstream read often holds many events) are
 * written together: one write per burst instead of one per token.
 */
export async function sseResponse<T>(
  source: AsyncIterable<T>,
  encode: (item: T) => Uint8Array | null,
  encodeError: (err: JoustError) => Uint8Array,
  headers: Record<string, string> = {},
  tail?: () => Uint8Array | null,
): Promise<Response> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  let ahead: Promise<IteratorResult<T>> | undefined = Promise.resolve(first);
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const parts: Uint8Array[] = [];
      try {
        let r = await (ahead ?? it.next());
        ahead = undefined;
        for (;;) {
          if (r.done) {
            const t = tail?.();
            if (t) parts.push(t);
            parts.push(SSE_DONE);
            controller.enqueue(concat(parts));
            controller.close();
            return;
          }
          const bytes = encode(r.value);
          if (bytes) parts.push(bytes);
          const p = it.next();
          // The first token goes out at once (time to first token); later ones may wait a turn to share a write.
          const got = parts.length && started ? await Promise.race([p, nextTurn()]) : parts.length ? NOT_READY : await p;
          if (parts.length) started = true;
          if (got === NOT_READY) {
            p.catch(() => undefined); // observed on the next pull
            ahead = p;
            controller.enqueue(concat(parts));
            return;
          }
          r = got;
        }
      } catch (err) {
        parts.push(encodeError(JoustError.from(err, "upstream:provider")));
        controller.enqueue(concat(parts));
        controller.close();
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
}
