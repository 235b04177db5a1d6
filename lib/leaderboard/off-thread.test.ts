import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SPLIT_MIN } from "@/lib/rating/style-control";
import type { CompactBattles } from "@/lib/rating/types";
import { compileLeaderboardWorker } from "@/lib/testing/compile-worker";
import type { BattleOutcome } from "@/lib/votes/types";
import { type BattleInput, rateBattles } from "./compute";
import { prewarm, rateIn } from "./off-thread";
import type { LeaderboardQuery } from "./types";

// The real worker file, compiled to JavaScript as the production build emits it (a worker thread here
// cannot load TypeScript: --import tsx in a Worker's execArgv does not reach its module loader).
const dir = mkdtempSync(join(tmpdir(), "joust-lb-worker-"));
const workerFile = join(dir, "leaderboard.worker.mjs");
beforeAll(() => compileLeaderboardWorker(workerFile));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spawn = () => new Worker(workerFile);

const query = (rounds: number): LeaderboardQuery => ({
  anony: true,
  excludeTies: false,
  minBattles: 0,
  rounds,
  style: false,
  category: "",
});

function rows(models: number, n: number): BattleInput {
  const out: BattleOutcome[] = [];
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rnd() * models);
    const b = (a + 1 + Math.floor(rnd() * (models - 1))) % models;
    const r = rnd();
    const winner = r < 0.45 ? "model_a" : r < 0.9 ? "model_b" : "tie";
    out.push({ model_a: `m${a}`, model_b: `m${b}`, winner, anony: true, tstamp: 1000 + i } as BattleOutcome);
  }
  return { kind: "rows", outcomes: out };
}

describe("leaderboard off the event loop (issue 16)", () => {
  it("computes in a worker thread the same board as inline, while the event loop keeps running", async () => {
    const input = rows(30, 20_000);
    const warn = vi.spyOn(console, "warn");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = Date.now();
    const { board } = await rateIn(spawn, input, query(60), 3);
    const took = Date.now() - t0;
    clearInterval(timer);
    const inline = rateBattles(input, query(60), 3).board;
    expect(board.models.map((m) => [m.model, m.rating])).toEqual(inline.models.map((m) => [m.model, m.rating]));
    // The main thread stayed free: the timer fired about every 5 ms of the computation.
    expect(ticks).toBeGreaterThan(Math.floor(took / 5 / 4));
    expect(ticks).toBeGreaterThan(10);
    expect(warn).not.toHaveBeenCalled(); // no fallback to the main thread
    warn.mockRestore();
  }, 120_000);

  it("a disconnected graph crosses the thread as the rated main group plus the unrated models", async () => {
    const split = {
      kind: "rows",
      outcomes: [
        { model_a: "a", model_b: "b", winner: "model_a", anony: true, tstamp: 1 },
        { model_a: "a", model_b: "b", winner: "model_b", anony: true, tstamp: 2 },
        { model_a: "a", model_b: "b", winner: "model_a", anony: true, tstamp: 3 },
        { model_a: "c", model_b: "d", winner: "model_b", anony: true, tstamp: 4 },
      ] as BattleOutcome[],
    } satisfies BattleInput;
    const { board, unrated } = await rateIn(spawn, split, query(5), 1);
    expect(board.models.map((m) => m.model).sort()).toEqual(["a", "b"]);
    expect(unrated?.models.sort()).toEqual(["c", "d"]);
  }, 60_000);

  it("a large style-controlled board, computed beside a paired helper worker, is the board computed inline", async () => {
    // Over SPLIT_MIN battles: the helper sums half of each point-fit pass, runs the online Elo and takes rounds.
    const n = SPLIT_MIN + 10;
    const m = 12;
    let s = 5;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const battles: CompactBattles = {
      models: Array.from({ length: m }, (_, i) => `m${i}`),
      a: new Int32Array(n),
      b: new Int32Array(n),
      outcome: new Uint8Array(n),
      styleDiff: new Float64Array(n * 4),
      styleSkipped: 0,
      length: n,
    };
    for (let i = 0; i < n; i++) {
      const a = Math.floor(rnd() * m);
      battles.a[i] = a;
      battles.b[i] = (a + 1 + Math.floor(rnd() * (m - 1))) % m;
      for (let f = 0; f < 4; f++) (battles.styleDiff as Float64Array)[i * 4 + f] = rnd() - 0.5;
      battles.outcome[i] = rnd() < 0.5 + (battles.a[i] - battles.b[i]) / 40 ? 0 : rnd() < 0.9 ? 1 : 2;
    }
    const input: BattleInput = { kind: "compact", battles };
    const q = { ...query(3), style: true };
    const { board } = await rateIn(spawn, input, q, 9);
    const inline = rateBattles(input, q, 9).board;
    expect(board).toEqual(inline);
    expect(board.style?.coefficients.length.value).not.toBe(0);
  }, 120_000);

  it("a computation takes the worker started for it while its input was read", async () => {
    let spawned = 0;
    const counting = () => (spawned++, spawn());
    prewarm(counting, query(5));
    expect(spawned).toBe(1);
    const input = rows(6, 500);
    const { board } = await rateIn(counting, input, query(5), 2);
    expect(spawned).toBe(1);
    expect(board).toEqual(rateBattles(input, query(5), 2).board);
    // The next computation has no spare: it starts its own.
    await rateIn(counting, input, query(5), 2);
    expect(spawned).toBe(2);
  }, 60_000);

  it("a started worker that died before its computation is replaced, and the answer still comes", async () => {
    const missing = () => new Worker(new URL("./no-such.worker.mjs", import.meta.url));
    prewarm(missing, query(5));
    await new Promise((r) => setTimeout(r, 200)); // it fails to load meanwhile
    const { board } = await rateIn(missing, rows(4, 200), query(5), 1);
    expect(board.models).toHaveLength(4);
  }, 60_000);

  it("falls back to the main thread when no worker can run", async () => {
    const missing = () => new Worker(new URL("./no-such.worker.mjs", import.meta.url));
    const { board } = await rateIn(missing, rows(4, 200), query(5), 1);
    expect(board.models).toHaveLength(4);
  }, 60_000);
});
