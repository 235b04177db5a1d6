import "server-only";
import type { SideStreamRequest } from "@/lib/arena/api-types";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import { JoustError, type SerializedError } from "@/lib/errors";
import { SSE_DONE, SSE_HEADERS, sseData, sseError } from "@/lib/sse";
import { ArenaRejection, checkToken, expired, unknownBattle } from "./access";
import type { ArenaDeps } from "./deps";

/**
 * Streams one remote side of a battle as SSE. Anonymous battles never reveal the model: each chunk's
 * `model` becomes the side label ("model_a" / "model_b"), its `id` a battle-scoped one, and error
 * messages have the model name scrubbed. Errors before the first chunk answer with an HTTP status.
 */
export async function streamSide(deps: ArenaDeps, battleId: string, body: SideStreamRequest, signal: AbortSignal): Promise<Response> {
  const store = await deps.store();
  const battle = await store.getBattle(battleId);
  if (!battle) throw unknownBattle(battleId);
  const tok = checkToken(deps.secret(), battle, body.token, deps.now());
  if (tok instanceof ArenaRejection) throw tok;
  if (tok === "expired") throw expired(battleId);
  if (battle.votedAt !== null) throw new ArenaRejection("conflict:arena", "This battle is over (already voted).", 409);
  const side = body.side;
  if (battle.params.sides[side] !== "remote") {
    throw new ArenaRejection("bad_request:arena", `Side ${side} runs in the browser; the server does not stream it.`, 400);
  }
  const model = side === "a" ? battle.model_a : battle.model_b;
  const anonymous = battle.mode === "anonymous";
  const label = `model_${side}`;
  const scrub = (e: unknown): SerializedError => {
    const err = JoustError.from(e, "upstream:provider");
    if (!anonymous) return err.toJSON();
    return { code: err.code, message: err.message.split(model).join(label) };
  };
  const { token: _t, side: _s, ...rest } = body;
  const req: ChatRequest = rest;
  const chunkId = `arena-${battleId}-${side}`;
  const relabel = (c: ChatCompletionChunk): ChatCompletionChunk => (anonymous ? { ...c, id: chunkId, model: label } : { ...c, id: chunkId });

  const it = deps.streamChat(model, req, signal)[Symbol.asyncIterator]();
  let first: IteratorResult<ChatCompletionChunk>;
  try {
    first = await it.next();
  } catch (e) {
    const s = scrub(e);
    throw new JoustError(s.code, s.message);
  }
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        let r = first;
        while (!r.done) {
          controller.enqueue(sseData(JSON.stringify(relabel(r.value))));
          if (signal.aborted) break;
          r = await it.next();
        }
        if (!signal.aborted) controller.enqueue(SSE_DONE);
      } catch (e) {
        if (!signal.aborted) controller.enqueue(sseError(scrub(e)));
      } finally {
        controller.close();
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
