/** What the leaderboard worker (./leaderboard.worker.ts) does with one request: compute, or a serialized error. */
import { JoustError, type SerializedError } from "@/lib/errors";
import { type BattleInput, rateBattles } from "./compute";
import type { LeaderboardQuery } from "./types";

export type WorkerReply = { ok: true; result: ReturnType<typeof rateBattles> } | { ok: false; error: SerializedError };

export function answer(msg: { input: BattleInput; q: LeaderboardQuery; seed: number }): WorkerReply {
  try {
    return { ok: true, result: rateBattles(msg.input, msg.q, msg.seed) };
  } catch (e) {
    return { ok: false, error: JoustError.from(e, "internal:leaderboard").toJSON() };
  }
}
