/**
 * The leaderboard CLI's second thread: one worker that reads chunks of a battle file (scan-file.ts),
 * computes style-controlled bootstrap rounds (rounds-threads.ts) and the online Elo (elo-thread.ts) beside
 * the main thread. The worker runs the caller's own
 * module (the compiled CLI), which must call `serveHelper()` first thing: in the worker it answers jobs.
 * Nothing depends on the helper being alive: each job's caller does what the helper leaves undone.
 */
import { isMainThread, type MessagePort, parentPort, Worker, workerData } from "node:worker_threads";
import { computeElo, type EloJob } from "./elo-thread";
import { type PassJob, servePasses } from "./pass-thread";
import { type RoundsJob, takeRounds } from "./rounds-threads";
import { type ChunkResult, type ScanJob, scanChunks, transferList } from "./scan-file";

type HelperJob =
  | { kind: "scan"; job: ScanJob }
  | { kind: "rounds"; job: RoundsJob }
  | { kind: "elo"; job: EloJob }
  | { kind: "passes"; job: PassJob };

export class HelperThread {
  /** The helper: a worker of its own, or a port to one (the app's leaderboard worker pairs two workers). */
  readonly worker: Worker | MessagePort;
  /** False once the worker failed or exited: jobs are then not sent (their callers do the work). */
  alive = true;

  constructor(target: URL | MessagePort) {
    this.worker = target instanceof URL ? new Worker(target, { workerData: { joustHelper: true } }) : target;
    this.worker.on("error", () => void (this.alive = false)); // callers notice through their own job
    this.worker.on("exit", () => void (this.alive = false));
    this.worker.on("close", () => void (this.alive = false));
  }

  /** Half of each pass of a style-controlled fit, summed through the job's shared memory; false when the helper is gone. */
  passes(job: PassJob): boolean {
    if (this.alive) this.worker.postMessage({ kind: "passes", job } satisfies HelperJob);
    return this.alive;
  }

  /** Rounds are answered through the job's shared memory; false when the helper is gone. */
  rounds(job: RoundsJob): boolean {
    if (this.alive) this.worker.postMessage({ kind: "rounds", job } satisfies HelperJob);
    return this.alive;
  }

  /** The online Elo is answered through the job's shared memory; false when the helper is gone. */
  elo(job: EloJob): boolean {
    if (this.alive) this.worker.postMessage({ kind: "elo", job } satisfies HelperJob);
    return this.alive;
  }

  /** The chunks the helper scanned of `job` (it takes chunks from the job's shared counter). */
  scan(job: ScanJob): Promise<ChunkResult[]> {
    const w = this.worker;
    return new Promise<ChunkResult[]>((resolve, reject) => {
      const done = () => {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
      };
      const onMessage = (results: ChunkResult[]) => (done(), resolve(results));
      const onError = (e: Error) => (done(), reject(e));
      const onExit = (code: number) => (done(), reject(new Error(`the helper thread exited (code ${code})`)));
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage({ kind: "scan", job } satisfies HelperJob);
    });
  }

  close(): void {
    if (this.worker instanceof Worker) void this.worker.terminate();
    else this.worker.close();
  }
}

/** In the helper worker: answers jobs (returns false on any other thread). */
export function serveHelper(): boolean {
  if (isMainThread || !parentPort || !(workerData as { joustHelper?: boolean })?.joustHelper) return false;
  serveOn(parentPort);
  return true;
}

/** Answers the jobs that come over `port`, one at a time. */
export function serveOn(port: MessagePort): void {
  port.on("message", (m: HelperJob) => {
    if (m.kind === "rounds") takeRounds(m.job);
    else if (m.kind === "elo") computeElo(m.job);
    else if (m.kind === "passes") servePasses(m.job);
    else {
      const results = scanChunks(m.job);
      port.postMessage(results, transferList(results));
    }
  });
}
