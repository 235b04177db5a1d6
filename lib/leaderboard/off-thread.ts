import "server-only";
import { Worker } from "node:worker_threads";
import { JoustError } from "@/lib/errors";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import type { Battle, LeaderboardOptions, LeaderboardResult } from "@/lib/rating/types";

export type Rate = (battles: readonly Battle[], opts: LeaderboardOptions) => Promise<LeaderboardResult>;

import type { WorkerReply } from "./off-thread-answer";

/**
 * The leaderboard computed in a worker thread (./leaderboard.worker.ts), so a long bootstrap never blocks
 * the event loop that serves chat streams and votes. One worker per computation (they are rare: the
 * service caches per store version and shares one computation among concurrent requests). Where no worker
 * can start or run (a bundler that did not emit it), it computes inline and says so once in the log.
 */
export const rateOffThread: Rate = (battles, opts) => rateIn(() => new Worker(new URL("./leaderboard.worker.ts", import.meta.url)), battles, opts);

/** As rateOffThread, with the worker made by `spawn` (tests start it under tsx). */
export function rateIn(spawn: () => Worker, battles: readonly Battle[], opts: LeaderboardOptions): Promise<LeaderboardResult> {
  let worker: Worker;
  try {
    worker = spawn();
  } catch (err) {
    warnInline(err);
    return Promise.resolve(computeLeaderboard(battles, opts));
  }
  return new Promise<LeaderboardResult>((resolve, reject) => {
    worker.once("message", (m: WorkerReply) => (m.ok ? resolve(m.result) : reject(JoustError.from(m.error, "internal:leaderboard"))));
    // The worker could not run (its file missing, out of memory): the answer still comes, from here.
    worker.once("error", (err) => {
      warnInline(err);
      try {
        resolve(computeLeaderboard(battles, opts));
      } catch (e) {
        reject(e);
      }
    });
    worker.once("exit", (code) => reject(new JoustError("internal:leaderboard", `The leaderboard worker exited (${code}).`)));
    worker.postMessage({ battles, opts });
  }).finally(() => void worker.terminate());
}

let warned = false;
function warnInline(err: unknown): void {
  if (warned) return;
  warned = true;
  console.warn("[leaderboard] no worker thread; computing on the main thread:", err instanceof Error ? err.message : err);
}

