/**
 * The style-controlled point fit's passes on two threads (lib/rating/style-control.ts PassHelper): a pass
 * over SPLIT_MIN or more battles is summed in two halves, and the helper thread sums the second while the
 * calling thread sums the first. The battles, θ and the helper's sums live in shared memory; each pass is
 * claimed by whichever thread takes it first (the helper may still be starting, or busy with the online
 * Elo), so the caller never waits for a helper that has not begun: it sums that half itself, the same bits.
 */
import { accumulate, partialLength } from "@/lib/rating/style-pass";
import type { PassHelper } from "@/lib/rating/types";
import type { StyleData } from "@/lib/rating/types";

/** ctrl slots: the pass number (−1: stop), who claimed it, the pass finished, its range and what to sum. */
const SEQ = 0,
  CLAIM = 1,
  DONE = 2,
  FROM = 3,
  TO = 4,
  FLAGS = 5;
const OPEN = 0,
  HELPER = 1,
  CALLER = 2;
const HESS = 1,
  LOSS = 2;

export interface PassJob {
  d: StyleData;
  alpha: number;
  ctrl: Int32Array;
  theta: Float64Array;
  out: Float64Array;
}

/** Something that runs jobs on another thread (helper-thread.ts's HelperThread). */
export interface PassSender {
  /** False when the job could not be sent. */
  passes(job: PassJob): boolean;
}

/** In the helper: sums the passes it claims until told to stop. */
export function servePasses(job: PassJob): void {
  const { ctrl } = job;
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    const seq = Atomics.load(ctrl, SEQ);
    if (seq < 0) return;
    if (seq === seen) continue;
    seen = seq;
    if (Atomics.compareExchange(ctrl, CLAIM, OPEN, HELPER) !== OPEN) continue; // the caller took it
    // The claim may be of a later pass than the one seen (the caller took that one and posted the next):
    // the caller posts nothing more until this one is done, so the pass number now is the one claimed.
    const mine = Atomics.load(ctrl, SEQ);
    if (mine < 0) return;
    seen = mine;
    const flags = ctrl[FLAGS];
    accumulate(
      job.d,
      job.theta,
      null,
      job.alpha,
      ctrl[FROM],
      ctrl[TO],
      (flags & HESS) !== 0,
      (flags & LOSS) !== 0,
      null,
      job.out,
    );
    Atomics.store(ctrl, DONE, mine);
    Atomics.notify(ctrl, DONE);
  }
}

function shared<T extends Int32Array | Float64Array>(x: T): T {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  const copy = new (x.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(Math.max(8, x.byteLength)));
  copy.set(x);
  return copy;
}

/**
 * The calling thread's side: a PassHelper over `sender` (`end` stops the helper's loop); `helped()` counts
 * the passes whose second half the helper summed.
 */
export function passesOn(sender: PassSender): PassHelper & { helped(): number } {
  let job: PassJob | undefined;
  let forData: StyleData | undefined;
  let seq = 0,
    dead = false,
    started = 0,
    helped = 0;
  const stop = () => {
    if (!job) return;
    Atomics.store(job.ctrl, SEQ, -1);
    Atomics.notify(job.ctrl, SEQ);
    job = forData = undefined;
  };
  return {
    start(d, theta, alpha, from, to, withHess, withLoss) {
      if (dead) return false;
      if (forData !== d || job?.alpha !== alpha) {
        stop();
        const next: PassJob = {
          d: { models: d.models, n: d.n, a: shared(d.a), b: shared(d.b), y: shared(d.y), x: shared(d.x) },
          alpha,
          ctrl: new Int32Array(new SharedArrayBuffer(4 * 6)),
          theta: new Float64Array(new SharedArrayBuffer(8 * theta.length)),
          out: new Float64Array(new SharedArrayBuffer(8 * partialLength(d.models))),
        };
        if (!sender.passes(next)) {
          dead = true;
          return false;
        }
        job = next;
        forData = d;
        seq = 0;
      }
      const { ctrl } = job;
      job.theta.set(theta);
      ctrl[FROM] = from;
      ctrl[TO] = to;
      ctrl[FLAGS] = (withHess ? HESS : 0) | (withLoss ? LOSS : 0);
      Atomics.store(ctrl, CLAIM, OPEN);
      Atomics.store(ctrl, SEQ, ++seq);
      Atomics.notify(ctrl, SEQ);
      started = performance.now();
      return true;
    },
    finish() {
      if (!job) return null;
      const { ctrl } = job;
      if (Atomics.compareExchange(ctrl, CLAIM, OPEN, CALLER) === OPEN) return null; // not begun: sum it here
      // The helper is summing a half as long as the one just summed here; far past that, it is gone.
      const deadline = performance.now() + 2000 + 20 * (performance.now() - started);
      for (;;) {
        const done = Atomics.load(ctrl, DONE);
        if (done === seq) {
          helped++;
          return job.out;
        }
        const left = deadline - performance.now();
        if (left <= 0) {
          dead = true;
          stop();
          return null;
        }
        Atomics.wait(ctrl, DONE, done, left);
      }
    },
    end: stop,
    helped: () => helped,
  };
}
