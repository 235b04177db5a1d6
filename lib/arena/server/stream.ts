import "server-only";
import type { SideStreamRequest } from "@/lib/arena/api-types";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import { JoustError, type SerializedError } from "@/lib/errors";
import { SSE_DONE, SSE_HEADERS, sseData, sseError } from "@/lib/sse";
import { checkGeneration, checkMessages } from "@/lib/api/limits";
import { ArenaRejection, checkToken, expired, unknownBattle } from "./access";
import type { ArenaDeps } from "./deps";

/** A battle side answers at most this many turns, and each answer may be streamed this often (regenerations). */
export const MAX_TURNS = 30;
export const MAX_STREAMS_PER_ANSWER = 4;

/**
 * Streams one remote side of a battle as SSE. Anonymous battles never reveal the model: each chunk's
 * `model` becomes the side label ("model_a" / "model_b"), its `id` a battle-scoped one, and error
 * messages say only what kind of failure it was (an upstream status or wording can name the vendor),
 * and upstream `usage` is dropped (token counts fingerprint the tokenizer). The same message, character
 * and `max_tokens` limits as /v1 apply, a side answers at most MAX_TURNS turns, each at most
 * MAX_STREAMS_PER_ANSWER times. The server keeps its own copy of the text it streamed: the vote stores
 * and checks that copy, never the client's. Errors before the first chunk answer with an HTTP status.
 */
export async function streamSide(
  deps: ArenaDeps,
  battleId: string,
  body: SideStreamRequest,
  signal: AbortSignal,
): Promise<Response> {
  const store = await deps.store();
  const battle = await store.getBattle(battleId);
  if (!battle) throw unknownBattle(battleId);
  const tok = checkToken(deps.secret(), battle, body.token, deps.now());
  if (tok instanceof ArenaRejection) throw tok;
  if (tok === "expired") throw expired(battleId);
  if (battle.votedAt !== null) throw new ArenaRejection("conflict:arena", "This battle is over (already voted).", 409);
  const side = body.side;
  if (battle.params.sides[side] !== "remote") {
    throw new ArenaRejection(
      "bad_request:arena",
      `Side ${side} runs in the browser; the server does not stream it.`,
      400,
    );
  }
  checkMessages(body.messages);
  const model = side === "a" ? battle.model_a : battle.model_b;
  checkGeneration(body, undefined, model);
  const anonymous = battle.mode === "anonymous";
  const label = `model_${side}`;
  const scrub = (e: unknown): SerializedError => {
    const err = JoustError.from(e, "upstream:provider");
    if (!anonymous) return err.toJSON();
    return { code: err.code, message: `${label} could not answer (${err.code}).` };
  };
  // This answer is the side's idx-th assistant message; a regeneration streams the same idx again.
  const idx = body.messages.filter((m) => m.role === "assistant").length;
  if (idx >= MAX_TURNS)
    throw new ArenaRejection("bad_request:arena", `A battle has at most ${MAX_TURNS} turns; start a new battle.`, 400);
  const streams = await store.claimStream(battleId, side, idx);
  if (streams > MAX_STREAMS_PER_ANSWER) {
    throw new ArenaRejection(
      "rate_limit:arena",
      `This answer was already streamed ${MAX_STREAMS_PER_ANSWER} times; start a new battle.`,
      429,
    );
  }
  const { token: _t, side: _s, ...rest } = body;
  const req: ChatRequest = rest;
  const chunkId = `arena-${battleId}-${side}`;
  const relabel = (c: ChatCompletionChunk): ChatCompletionChunk => {
    if (!anonymous) return { ...c, id: chunkId };
    const { usage: _u, ...bare } = c;
    return { ...bare, id: chunkId, model: label };
  };
  let served = "";
  const keep = (c: ChatCompletionChunk) => (served += c.choices[0]?.delta.content ?? "");
  const save = () => store.saveReply(battleId, side, idx, served);

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
      let saved = false;
      try {
        let r = first;
        while (!r.done) {
          keep(r.value);
          controller.enqueue(sseData(JSON.stringify(relabel(r.value))));
          if (signal.aborted) break;
          r = await it.next();
        }
        // Stored before [DONE]: a vote sent right after the answer finds the server's copy.
        await save();
        saved = true;
        if (!signal.aborted) controller.enqueue(SSE_DONE);
      } catch (e) {
        if (!signal.aborted) controller.enqueue(sseError(scrub(e)));
      } finally {
        if (!saved) await save().catch(() => undefined);
        controller.close();
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
