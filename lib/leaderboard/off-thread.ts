import "server-only";
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { JoustError } from "@/lib/errors";
import { decodeHere, type PackedDecoderFactory } from "@/lib/votes/compact-sink";
import { type BattleInput, rateBattles } from "./compute";
import { decoderOn } from "./decode-thread";
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
const spawnDefault = () => new Worker(new URL("./leaderboard.worker.ts", import.meta.url));
export const rateOffThread: Rate = (input, q, seed) => rateIn(spawnDefault, input, q, seed);
/** Starts the workers of a computation about to read its input (ServiceOptions.prewarm). */
export const prewarmOffThread = (q: LeaderboardQuery) => prewarm(spawnDefault, q);

/** Workers started ahead of a computation, per spawn function; unused ones go after SPARE_MS. */
const spares = new Map<() => Worker, Spare>();
const SPARE_MS = 30_000;
interface Spare {
  worker: Worker;
  helper?: { worker: Worker; port: MessagePort };
  timer: ReturnType<typeof setTimeout>;
  /** Set when the worker failed or exited before its computation came. */
  failed?: unknown;
  /** While it decodes a read's rows (./decode-thread.ts): not taken by a computation meanwhile. */
  decoding?: boolean;
}

/**
 * Starts the worker (and, for style control, the helper) of the next computation now, while its input is
 * read: a worker's start is otherwise on the computation's path (tens of milliseconds each). For style
 * control it returns where the read may decode its rows: in that worker, while this thread fetches (or
 * here, when the worker is gone or busy by then).
 */
export function prewarm(spawn: () => Worker, q: LeaderboardQuery): PackedDecoderFactory | undefined {
  if (!spares.has(spawn)) spareFor(spawn, q);
  if (!q.style) return undefined;
  return (capacity, style, filter) => {
    const s = spares.get(spawn);
    if (!s || s.failed !== undefined || s.decoding) return decodeHere(capacity, style, filter);
    s.decoding = true;
    return decoderOn(s.worker, () => void (s.decoding = false))(capacity, style, filter);
  };
}

function spareFor(spawn: () => Worker, q: LeaderboardQuery): void {
  try {
    const worker = spawn();
    const spare: Spare = {
      worker,
      helper: q.style && availableParallelism() > 1 ? pairHelper(spawn) : undefined,
      timer: setTimeout(() => {
        if (spares.get(spawn) !== spare) return;
        if (spare.decoding) return void spare.timer.refresh();
        spares.delete(spawn);
        release(spare);
      }, SPARE_MS),
    };
    spare.timer.unref();
    worker.once("error", (e) => void (spare.failed ??= e));
    worker.once("exit", (code) => void (spare.failed ??= new Error(`exited (${code})`)));
    spares.set(spawn, spare);
  } catch {
    // The computation spawns its own (and falls back to this thread if that fails too).
  }
}

function release(s: Spare): void {
  void s.worker.terminate();
  if (s.helper) void s.helper.worker.terminate();
}

function takeSpare(spawn: () => Worker): Spare | undefined {
  const s = spares.get(spawn);
  if (!s || s.decoding) return undefined;
  spares.delete(spawn);
  clearTimeout(s.timer);
  if (s.failed === undefined) return s;
  release(s);
  return undefined;
}

/** As rateOffThread, with the worker made by `spawn` (tests start it under tsx). */
export function rateIn(spawn: () => Worker, input: BattleInput, q: LeaderboardQuery, seed: number): Promise<Rated> {
  const spare = takeSpare(spawn);
  let worker: Worker;
  try {
    worker = spare?.worker ?? spawn();
  } catch (err) {
    warnInline(err);
    return rateInline(input, q, seed);
  }
  let helper: Spare["helper"];
  if (wantsHelper(input, q)) helper = spare?.helper ?? pairHelper(spawn);
  else if (spare?.helper) void spare.helper.worker.terminate();
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
    if (helper) worker.postMessage({ input, q, seed, helper: helper.port }, [helper.port]);
    else worker.postMessage({ input, q, seed });
  }).finally(() => {
    void worker.terminate();
    if (helper) void helper.worker.terminate();
  });
}

/**
 * Style-controlled computations over this many battles get a second worker beside the first (where the
 * machine has a second core): it takes chunks of each point-fit pass, the online Elo and bootstrap rounds.
 */
export const HELPER_MIN = 200_000;

function wantsHelper(input: BattleInput, q: LeaderboardQuery): boolean {
  return q.style && input.kind === "compact" && input.battles.length >= HELPER_MIN && availableParallelism() > 1;
}

/** A second worker serving jobs over a port; none when it cannot start (the computation does it all itself). */
function pairHelper(spawn: () => Worker): { worker: Worker; port: MessagePort } | undefined {
  try {
    const worker = spawn();
    worker.on("error", () => undefined); // the computing worker notices (its jobs come back undone) and goes on
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ serve: port2 }, [port2]);
    return { worker, port: port1 };
  } catch {
    return undefined;
  }
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
