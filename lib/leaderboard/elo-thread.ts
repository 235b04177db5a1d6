/**
 * Online Elo on the CLI's helper thread (helper-thread.ts), beside the Bradley–Terry fit and bootstrap on
 * the main thread: the battles go over in shared memory, the ratings come back the same way. If the
 * helper does not answer in time, the caller computes them itself.
 */
import { onlineElo } from "@/lib/rating/elo";
import type { CompactBattles, RatingScale } from "@/lib/rating/types";
import { inSharedMemory } from "./shared-memory";

export interface EloJob {
  models: string[];
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
  length: number;
  scale: RatingScale;
  /** The ratings, written by the helper. */
  out: Float64Array;
  /** [0] = 1 when `out` is written. */
  done: Int32Array;
}

/** Something that takes Elo jobs on another thread (helper-thread.ts's HelperThread). */
export interface EloHelper {
  /** False when the job could not be sent. */
  elo(job: EloJob): boolean;
}

/** In the helper: computes the job's ratings and says so. */
export function computeElo(job: EloJob): void {
  job.out.set(onlineElo(job, job.scale));
  Atomics.store(job.done, 0, 1);
  Atomics.notify(job.done, 0);
}

/** LeaderboardOptions.onlineEloOn for a helper thread. */
export function onlineEloOn(helper: EloHelper): (c: CompactBattles, opts: RatingScale) => () => Float64Array {
  return (c, opts) => {
    const m = c.models.length;
    const job: EloJob = {
      models: c.models,
      a: inSharedMemory(c.a, c.length),
      b: inSharedMemory(c.b, c.length),
      outcome: inSharedMemory(c.outcome, c.length),
      length: c.length,
      scale: { scale: opts.scale, base: opts.base, initRating: opts.initRating },
      out: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, m))),
      done: new Int32Array(new SharedArrayBuffer(4)),
    };
    if (!helper.elo(job)) return () => onlineElo(c, opts);
    return () => {
      // A million battles take the helper well under a second; past this, do it here.
      const deadline = performance.now() + 2000 + c.length / 1000;
      while (Atomics.load(job.done, 0) !== 1) {
        const left = deadline - performance.now();
        if (left <= 0) return onlineElo(c, opts);
        Atomics.wait(job.done, 0, 0, left);
      }
      return Float64Array.from(job.out.subarray(0, m));
    };
  };
}
