import "server-only";
import { Worker } from "node:worker_threads";
import { JoustError } from "@/lib/errors";
import { type BattleInput, rateBattles } from "./compute";
import type { WorkerReply } from "./off-thread-answer";
import type { LeaderboardQuery } from "./types";

export type Rated = ReturnType<typeof rateBattles>;
export type Rate = (input: BattleInput, q: LeaderboardQuery, seed: number) => Promise<Rated>;

/** The statistics on this thread (tests, and the fallback when no worker can run). */
export const rateInline: Rate = async (input, q, seed) => rateBattles(input, q, seed);

/**
 * The leaderboard computed in a worker thread (./leaderboard.worker.ts), so a long bootstrap never blocks
 * the event loop that serves chat streams and votes. One worker per computation (they are rare: the
 * service caches per store version and shares one computation among concurrent requests). Where no worker
 * can start or run (a bundler that did not emit it), it computes inline and says so once in the log.
 */
export const rateOffThread: Rate = (input, q, seed) =>
  rateIn(() => new Worker(new URL("./leaderboard.worker.ts", import.meta.url)), input, q, seed);

/** As rateOffThread, with the worker made by `spawn` (tests start it under tsx). */
export function rateIn(spawn: () => Worker, input: BattleInput, q: LeaderboardQuery, seed: number): Promise<Rated> {
  let worker: Worker;
  try {
    worker = spawn();
  } catch (err) {
    warnInline(err);
    return rateInline(input, q, seed);
  }
  return new Promise<Rated>((resolve, reject) => {
    worker.once("message", (m: WorkerReply) =>
      m.ok ? resolve(m.result) : reject(JoustError.from(m.error, "internal:leaderboard")),
    );
    // The worker could not run (its file missing, out of memory): the answer still comes, from here.
    // Synchronously: Node emits "exit" right after "error", in the same tick.
    worker.once("error", (err) => {
      warnInline(err);
      try {
        resolve(rateBattles(input, q, seed));
      } catch (e) {
        reject(e);
      }
    });
    worker.once("exit", (code) =>
      reject(new JoustError("internal:leaderboard", `The leaderboard worker exited (${code}).`)),
    );
    worker.postMessage({ input, q, seed });
  }).finally(() => void worker.terminate());
}

let warned = false;
function warnInline(err: unknown): void {
  if (warned) return;
  warned = true;
  console.warn(
    "[leaderboard] no worker thread; computing on the main thread:",
    err instanceof Error ? err.message : err,
  );
}
