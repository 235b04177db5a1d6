import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import type { Battle } from "@/lib/rating/types";
import { rateIn } from "./off-thread";

// The real worker file, run under tsx (the production build emits it as JavaScript).
const spawn = () => new Worker(new URL("./leaderboard.worker.ts", import.meta.url), { execArgv: ["--import", "tsx"] });

function battles(models: number, n: number): Battle[] {
  const out: Battle[] = [];
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rnd() * models);
    const b = (a + 1 + Math.floor(rnd() * (models - 1))) % models;
    const r = rnd();
    out.push({ model_a: `m${a}`, model_b: `m${b}`, winner: r < 0.45 ? "model_a" : r < 0.9 ? "model_b" : "tie", anony: true, tstamp: 1000 + i });
  }
  return out;
}

describe("leaderboard off the event loop (issue 16)", () => {
  it("computes in a worker thread the same board as inline, while the event loop keeps running", async () => {
    const data = battles(30, 20_000);
    const opts = { rounds: 60, seed: 3 };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = Date.now();
    const board = await rateIn(spawn, data, opts);
    const took = Date.now() - t0;
    clearInterval(timer);
    const inline = computeLeaderboard(data, opts);
    expect(board.models.map((m) => [m.model, m.rating])).toEqual(inline.models.map((m) => [m.model, m.rating]));
    // The main thread stayed free: the timer fired about every 5 ms of the computation.
    expect(ticks).toBeGreaterThan(Math.floor(took / 5 / 4));
    expect(ticks).toBeGreaterThan(10);
  }, 120_000);

  it("a statistics error crosses the thread as a typed error with its details", async () => {
    const split: Battle[] = [
      { model_a: "a", model_b: "b", winner: "model_a", anony: true, tstamp: 1 },
      { model_a: "c", model_b: "d", winner: "model_b", anony: true, tstamp: 2 },
    ];
    await expect(rateIn(spawn, split, { rounds: 5 })).rejects.toMatchObject({ details: { reason: "disconnected" } });
  }, 60_000);

  it("falls back to the main thread when no worker can run", async () => {
    const data = battles(4, 200);
    const missing = () => new Worker(new URL("./no-such.worker.mjs", import.meta.url));
    const board = await rateIn(missing, data, { rounds: 5, seed: 1 });
    expect(board.models).toHaveLength(4);
  }, 60_000);
});
