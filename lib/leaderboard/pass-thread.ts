/**
 * The style-controlled point fit's passes on two threads (lib/rating/style-control.ts PassHelper): a pass
 * over SPLIT_MIN or more battles is summed in chunks, and the helper thread and the calling thread each take
 * the next chunk until none is left, so neither waits on the other for long whatever either is slowed by
 * (the helper may still be starting, or busy with the online Elo, and then the caller takes every chunk).
 * The battles, θ and every chunk's sums live in shared memory; the caller adds the sums in chunk order, so
 * the result is the same bits whoever summed which chunk.
 */
import { accumulate, chunkStart, partialLength } from "@/lib/rating/style-pass";
import type { PassHelper, StyleData } from "@/lib/rating/types";
import { styleDataShared } from "./shared-memory";

/**
 * ctrl slots: the pass number (−1: stop); the next chunk to take, as pass << CHUNK_BITS | chunk (one word, so
 * a take names the pass it is of); the pass's battle count and chunk count; what to sum.
 */
const SEQ = 0,
  NEXT = 1,
  COUNT = 2,
  CHUNKS = 3,
  FLAGS = 4;
const CHUNK_BITS = 10;
const HESS = 1,
  LOSS = 2;

export interface PassJob {
  d: StyleData;
  alpha: number;
  ctrl: Int32Array;
  theta: Float64Array;
  /** Each chunk's sums (chunks × partialLength). */
  out: Float64Array;
  /** Per chunk: the pass number the helper last summed it for. */
  done: Int32Array;
}

/** Something that runs jobs on another thread (helper-thread.ts's HelperThread). */
export interface PassSender {
  /** False when the job could not be sent. */
  passes(job: PassJob): boolean;
}

/** Takes the next chunk: [pass, chunk]. */
function take(ctrl: Int32Array): [number, number] {
  const v = Atomics.add(ctrl, NEXT, 1);
  return [v >>> CHUNK_BITS, v & ((1 << CHUNK_BITS) - 1)];
}

/** In the helper: sums the chunks it takes, pass after pass, until told to stop. */
export function servePasses(job: PassJob): void {
  const { ctrl } = job;
  const len = partialLength(job.d.models);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    const seq = Atomics.load(ctrl, SEQ);
    if (seq < 0) return;
    if (seq === seen) continue;
    seen = seq;
    for (;;) {
      // A take may be of a later pass than the one seen (the caller finished that one and opened the next,
      // its parameters set before its chunks): the word taken names the pass, and its parameters hold
      // until all its chunks are summed.
      const [pass, c] = take(ctrl);
      const chunks = ctrl[CHUNKS];
      if (c >= chunks || Atomics.load(ctrl, SEQ) < 0) break;
      seen = pass;
      const count = ctrl[COUNT],
        flags = ctrl[FLAGS];
      accumulate(
        job.d,
        job.theta,
        null,
        job.alpha,
        chunkStart(c, count, chunks),
        chunkStart(c + 1, count, chunks),
        (flags & HESS) !== 0,
        (flags & LOSS) !== 0,
        null,
        job.out.subarray(c * len, (c + 1) * len),
      );
      Atomics.store(job.done, c, pass);
      Atomics.notify(job.done, c);
    }
  }
}

/**
 * The calling thread's side: a PassHelper over `sender` (`end` stops the helper's loop); `helped()` counts
 * the passes of which the helper summed at least one chunk.
 */
export function passesOn(sender: PassSender): PassHelper & { helped(): number } {
  let job: PassJob | undefined;
  let forData: StyleData | undefined;
  let seq = 0,
    chunks = 0,
    len = 0,
    dead = false,
    started = 0,
    slowest = 0,
    helped = 0,
    helpedThis = false;
  /** The chunks this thread took in the current pass. */
  let mine = new Uint8Array(0);
  const stop = () => {
    if (!job) return;
    Atomics.store(job.ctrl, SEQ, -1);
    Atomics.notify(job.ctrl, SEQ);
    job = forData = undefined;
  };
  return {
    start(d, theta, alpha, count, n, withHess, withLoss) {
      if (dead || n >= 1 << CHUNK_BITS) return false;
      if (forData !== d || job?.alpha !== alpha || job.done.length < n) {
        stop();
        len = partialLength(d.models);
        const next: PassJob = {
          d: styleDataShared(d),
          alpha,
          ctrl: new Int32Array(new SharedArrayBuffer(4 * 5)),
          theta: new Float64Array(new SharedArrayBuffer(8 * theta.length)),
          out: new Float64Array(new SharedArrayBuffer(8 * n * len)),
          done: new Int32Array(new SharedArrayBuffer(4 * n)),
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
      chunks = n;
      if (mine.length < n) mine = new Uint8Array(n);
      mine.fill(0, 0, n);
      helpedThis = false;
      slowest = 0;
      job.theta.set(theta);
      ctrl[COUNT] = count;
      ctrl[CHUNKS] = n;
      ctrl[FLAGS] = (withHess ? HESS : 0) | (withLoss ? LOSS : 0);
      seq++;
      Atomics.store(ctrl, NEXT, seq << CHUNK_BITS);
      Atomics.store(ctrl, SEQ, seq);
      Atomics.notify(ctrl, SEQ);
      started = performance.now();
      return true;
    },
    claim() {
      if (!job) return chunks;
      const now = performance.now();
      slowest = Math.max(slowest, now - started);
      started = now;
      const [pass, c] = take(job.ctrl);
      if (pass !== seq || c >= chunks) return chunks;
      mine[c] = 1;
      return c;
    },
    slot(c) {
      return (job as PassJob).out.subarray(c * len, (c + 1) * len);
    },
    sums(c) {
      if (!job) return null;
      const at = job.out.subarray(c * len, (c + 1) * len);
      if (mine[c]) return at;
      // The helper's chunk takes about as long as one summed here; far past that, it is gone.
      const deadline = performance.now() + 2000 + 20 * slowest;
      for (;;) {
        const done = Atomics.load(job.done, c);
        if (done === seq) {
          if (!helpedThis) (helpedThis = true), helped++;
          return at;
        }
        const left = deadline - performance.now();
        if (left <= 0) {
          dead = true;
          stop();
          return null;
        }
        Atomics.wait(job.done, c, done, left);
      }
    },
    end: stop,
    helped: () => helped,
  };
}
