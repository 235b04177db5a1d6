import { JoustError } from "@/lib/errors";
import { SSE_DONE, SSE_HEADERS } from "@/lib/sse";

/**
 * Turns an async iterable into an SSE Response. The first item is awaited before the
 * response starts, so a failure before any output (unknown model, 429, 5xx) becomes a
 * proper HTTP error thrown to the caller; later failures become one error event and the
 * stream ends without `[DONE]`. Cancelling the response stops the source.
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
  let pendingFirst: IteratorResult<T> | undefined = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const r = pendingFirst ?? (await it.next());
          pendingFirst = undefined;
          if (r.done) {
            const t = tail?.();
            if (t) controller.enqueue(t);
            controller.enqueue(SSE_DONE);
            controller.close();
            return;
          }
          const bytes = encode(r.value);
          if (bytes) {
            controller.enqueue(bytes);
            return;
          }
        }
      } catch (err) {
        controller.enqueue(encodeError(JoustError.from(err, "upstream:provider")));
        controller.close();
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
}
