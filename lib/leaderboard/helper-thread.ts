/**
 * The leaderboard CLI's second thread, for the style-controlled bootstrap (rounds-threads.ts): one worker
 * that takes rounds beside the main thread. It runs the caller's own module (the compiled CLI), which
 * must call `serveHelper()` first thing: in the worker it answers jobs. Nothing depends on the helper
 * being alive: the caller computes what it leaves undone.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type RoundsHelper, type RoundsJob, takeRounds } from "./rounds-threads";

export class HelperThread implements RoundsHelper {
  readonly worker: Worker;
  /** False once the worker failed or exited: jobs are then not sent (their callers do the work). */
  alive = true;

  constructor(url: URL) {
    this.worker = new Worker(url, { workerData: { joustHelper: true } });
    this.worker.on("error", () => void (this.alive = false));
    this.worker.on("exit", () => void (this.alive = false));
  }

  /** Rounds are answered through the job's shared memory; false when the helper is gone. */
  rounds(job: RoundsJob): boolean {
    if (this.alive) this.worker.postMessage(job);
    return this.alive;
  }

  close(): void {
    void this.worker.terminate();
  }
}

/** In the helper worker: takes rounds jobs (returns false on any other thread). */
export function serveHelper(): boolean {
  if (isMainThread || !parentPort || !(workerData as { joustHelper?: boolean })?.joustHelper) return false;
  parentPort.on("message", (job: RoundsJob) => takeRounds(job));
  return true;
}
