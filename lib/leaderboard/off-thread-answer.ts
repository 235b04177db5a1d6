/** What the leaderboard worker (./leaderboard.worker.ts) does with one request: compute, or a serialized error. */
import { JoustError, type SerializedError } from "@/lib/errors";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import type { Battle, LeaderboardOptions, LeaderboardResult } from "@/lib/rating/types";

export type WorkerReply = { ok: true; result: LeaderboardResult } | { ok: false; error: SerializedError };

export function answer(msg: { battles: Battle[]; opts: LeaderboardOptions }): WorkerReply {
  try {
    return { ok: true, result: computeLeaderboard(msg.battles, msg.opts) };
  } catch (e) {
    return { ok: false, error: JoustError.from(e, "internal:leaderboard").toJSON() };
  }
}
