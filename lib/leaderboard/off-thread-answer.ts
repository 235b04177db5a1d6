/** What the leaderboard worker (./leaderboard.worker.ts) does with one request: compute, or a serialized error. */
import type { MessagePort } from "node:worker_threads";
import { JoustError, type SerializedError } from "@/lib/errors";
import { type BattleInput, rateBattles } from "./compute";
import { onlineEloOn } from "./elo-thread";
import { HelperThread } from "./helper-thread";
import { passesOn } from "./pass-thread";
import { styleBootstrapOn } from "./rounds-threads";
import type { LeaderboardQuery } from "./types";

export type WorkerReply = { ok: true; result: ReturnType<typeof rateBattles> } | { ok: false; error: SerializedError };

/**
 * `helper`: a port to a second worker serving jobs (./helper-thread.ts serveOn), which then computes the
 * online Elo, chunks of each style-controlled fit pass and bootstrap rounds beside this one.
 */
export function answer(msg: {
  input: BattleInput;
  q: LeaderboardQuery;
  seed: number;
  helper?: MessagePort;
}): WorkerReply {
  const helper = msg.helper ? new HelperThread(msg.helper) : undefined;
  try {
    const threads = helper
      ? { onlineEloOn: onlineEloOn(helper), styleBootstrap: styleBootstrapOn(helper), stylePasses: passesOn(helper) }
      : {};
    return { ok: true, result: rateBattles(msg.input, msg.q, msg.seed, threads) };
  } catch (e) {
    return { ok: false, error: JoustError.from(e, "internal:leaderboard").toJSON() };
  } finally {
    helper?.close();
  }
}
