/**
 * The style-controlled bootstrap on two threads: a helper worker thread and the calling thread take
 * rounds from a shared counter (each round is seeded by its number, so who computes it does not
 * change the samples; see styleRoundRunner). The battles and the samples live in shared memory;
 * the caller blocks (Atomics.wait) until every round is in, so the leaderboard stays a synchronous
 * computation. A round the helper claimed but does not finish in time (it died, or the machine has
 * one core) is recomputed by the caller: the result never depends on the helper.
 *
 * The helper runs `workerUrl` — the caller's own module (the compiled CLI), which must call
 * `serveStyleRounds()` first thing when it starts in a worker thread.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { bootstrapStyleControl, styleRoundRunner } from "@/lib/rating/style-bootstrap";
import { STYLE_K } from "@/lib/rating/style-features";
import type { StyleBootstrap, StyleBootstrapRun, StyleData } from "@/lib/rating/types";

const CLAIMED = 1,
  DONE = 2;

interface RoundsJob {
  d: StyleData;
  opts: { rounds: number; seed: number | string; reference: Float64Array };
  /** [0]: the next unclaimed round. */
  next: Int32Array;
  /** Per round: 0 unclaimed, CLAIMED, DONE. */
  state: Int32Array;
  ratings: Float64Array;
  coefficients: Float64Array;
}

function shared<T extends Int32Array | Float64Array>(src: T): T {
  const copy = new (src.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(src.byteLength));
  copy.set(src);
  return copy;
}

/** Claims and computes rounds until none is left. */
function takeRounds(job: RoundsJob, round: ReturnType<typeof styleRoundRunner>): void {
  for (;;) {
    const r = Atomics.add(job.next, 0, 1);
    if (r >= job.opts.rounds) return;
    Atomics.store(job.state, r, CLAIMED);
    round(r, job);
    Atomics.store(job.state, r, DONE);
    Atomics.notify(job.state, r);
  }
}

export class StyleBootstrapThreads {
  readonly worker: Worker;

  constructor(workerUrl: URL) {
    this.worker = new Worker(workerUrl, { workerData: { joustStyleRounds: true } });
    this.worker.on("error", () => undefined); // the caller recomputes what the helper leaves undone
  }

  readonly run: StyleBootstrapRun = (d, opts) => {
    const rounds = opts.rounds;
    if (rounds < 2) return bootstrapStyleControl(d, opts);
    const job: RoundsJob = {
      d: { models: d.models, n: d.n, a: shared(d.a), b: shared(d.b), y: shared(d.y), x: shared(d.x) },
      opts: { rounds, seed: opts.seed, reference: opts.reference },
      next: new Int32Array(new SharedArrayBuffer(4)),
      state: new Int32Array(new SharedArrayBuffer(4 * rounds)),
      ratings: new Float64Array(new SharedArrayBuffer(8 * rounds * d.models)).fill(NaN),
      coefficients: new Float64Array(new SharedArrayBuffer(8 * rounds * STYLE_K)),
    };
    this.worker.postMessage(job);
    const round = styleRoundRunner(job.d, job.opts);
    const t0 = performance.now();
    takeRounds(job, round);
    // Every round is claimed; wait for the helper's, recomputing any that takes far longer than a round here.
    const mine = Math.max(1, (performance.now() - t0) / Math.max(1, rounds / 2));
    for (let r = 0; r < rounds; r++) {
      const deadline = performance.now() + 20 * mine + 2000;
      while (Atomics.load(job.state, r) !== DONE) {
        const left = deadline - performance.now();
        if (left <= 0) {
          round(r, job);
          break;
        }
        Atomics.wait(job.state, r, CLAIMED, left);
      }
    }
    const out: StyleBootstrap = {
      ratings: Float64Array.from(job.ratings),
      coefficients: Float64Array.from(job.coefficients),
      rounds,
    };
    return out;
  };

  close(): void {
    void this.worker.terminate();
  }
}

/** In a worker started by StyleBootstrapThreads: serves rounds (returns false elsewhere). */
export function serveStyleRounds(): boolean {
  if (isMainThread || !parentPort || !(workerData as { joustStyleRounds?: boolean })?.joustStyleRounds) return false;
  parentPort.on("message", (job: RoundsJob) => takeRounds(job, styleRoundRunner(job.d, job.opts)));
  return true;
}
