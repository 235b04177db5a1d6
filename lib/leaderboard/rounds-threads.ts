/**
 * The style-controlled bootstrap on two threads: the helper thread and the calling thread take rounds
 * from a shared counter. Each round is seeded by its number (styleRoundRunner), so who computes it does
 * not change the samples. (The plain bootstrap stays on one thread: split, its 100 rounds took longer, the
 * helper compiling the same code for a 0.1 s job.) The input and the samples live in shared memory; the
 * caller blocks (Atomics.wait) until every round is in, so the leaderboard stays a synchronous computation. A round the
 * helper claimed but does not finish in time (it died, or the machine has one core) is recomputed by the
 * caller: the result never depends on the helper.
 */
import { bootstrapStyleControl, styleRoundRunner } from "@/lib/rating/style-bootstrap";
import { STYLE_K } from "@/lib/rating/style-features";
import type { StyleBootstrap, StyleBootstrapRun, StyleData } from "@/lib/rating/types";
import { styleDataShared } from "./shared-memory";

const CLAIMED = 1,
  DONE = 2;

interface Rounds {
  rounds: number;
  /** [0]: the next unclaimed round. */
  next: Int32Array;
  /** Per round: 0 unclaimed, CLAIMED, DONE. */
  state: Int32Array;
}

export type RoundsJob = Rounds & {
  d: StyleData;
  opts: { rounds: number; seed: number | string; reference: Float64Array };
  ratings: Float64Array;
  coefficients: Float64Array;
};

/** Something that takes rounds jobs on another thread (helper-thread.ts's HelperThread). */
export interface RoundsHelper {
  /** False when the job could not be sent. */
  rounds(job: RoundsJob): boolean;
}

function runner(job: RoundsJob): (r: number) => void {
  const round = styleRoundRunner(job.d, job.opts);
  return (r) => round(r, job);
}

/** Claims and computes rounds until none is left (either thread). */
export function takeRounds(job: RoundsJob, round = runner(job)): void {
  for (;;) {
    const r = Atomics.add(job.next, 0, 1);
    if (r >= job.rounds) return;
    Atomics.store(job.state, r, CLAIMED);
    round(r);
    Atomics.store(job.state, r, DONE);
    Atomics.notify(job.state, r);
  }
}

const counters = (rounds: number): Rounds => ({
  rounds,
  next: new Int32Array(new SharedArrayBuffer(4)),
  state: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, rounds))),
});
const nans = (n: number) => new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n))).fill(NaN);

/** Runs the job's rounds here and on the helper; returns when every round is in. */
function split(helper: RoundsHelper, job: RoundsJob): void {
  const round = runner(job);
  const helped = helper.rounds(job);
  const t0 = performance.now();
  takeRounds(job, round);
  if (!helped) return;
  // Every round is claimed; wait for the helper's, recomputing any that takes far longer than a round here.
  const perRound = Math.max(1, (performance.now() - t0) / Math.max(1, job.rounds / 2));
  for (let r = 0; r < job.rounds; r++) {
    const deadline = performance.now() + 20 * perRound + 2000;
    while (Atomics.load(job.state, r) !== DONE) {
      const left = deadline - performance.now();
      if (left <= 0) {
        round(r);
        break;
      }
      Atomics.wait(job.state, r, CLAIMED, left);
    }
  }
}

/** style-bootstrap.ts's bootstrap with its rounds split between this thread and the helper. */
export function styleBootstrapOn(helper: RoundsHelper): StyleBootstrapRun {
  return (d, opts) => {
    const rounds = opts.rounds;
    if (rounds < 2) return bootstrapStyleControl(d, opts);
    const job: RoundsJob = {
      ...counters(rounds),
      d: styleDataShared(d),
      opts: { rounds, seed: opts.seed, reference: opts.reference },
      ratings: nans(rounds * d.models),
      coefficients: nans(rounds * STYLE_K),
    };
    split(helper, job);
    const out: StyleBootstrap = {
      ratings: Float64Array.from(job.ratings),
      coefficients: Float64Array.from(job.coefficients),
      rounds,
    };
    return out;
  };
}
