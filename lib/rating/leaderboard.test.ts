import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { compactBattles, computeLeaderboard, createRng, onlineElo, ranksFromIntervals, type Battle } from "./index";

const ELO = 400 / Math.log(10);
function battles(a: string, b: string, winner: Battle["winner"], n: number, extra: Partial<Battle> = {}): Battle[] {
  return Array.from({ length: n }, () => ({ model_a: a, model_b: b, winner, ...extra }));
}
const byModel = (r: ReturnType<typeof computeLeaderboard>) => Object.fromEntries(r.models.map((x) => [x.model, x]));

describe("Bradley–Terry MLE", () => {
  it("two models with fixed counts match the closed form 400·log10(w/l)", () => {
    const data = [...battles("a", "b", "model_a", 30), ...battles("b", "a", "model_a", 10)];
    const r = byModel(computeLeaderboard(data, { rounds: 0 }));
    expect(r.a.rating - r.b.rating).toBeCloseTo(400 * Math.log10(30 / 10), 3);
    // FastChat's unanchored fit centres the ratings on 1000.
    expect((r.a.rating + r.b.rating) / 2).toBeCloseTo(1000, 3);
  });

  it("counts a tie of either kind as half a win each way", () => {
    const data = [
      ...battles("a", "b", "model_a", 6),
      ...battles("a", "b", "model_b", 2),
      ...battles("a", "b", "tie", 2),
      ...battles("b", "a", "tie (bothbad)", 2),
    ];
    const r = byModel(computeLeaderboard(data, { rounds: 0 }));
    // effective wins a: 6 + 2, b: 2 + 2
    expect(r.a.rating - r.b.rating).toBeCloseTo(400 * Math.log10(8 / 4), 3);
    const noTies = byModel(computeLeaderboard(data, { rounds: 0, excludeTies: true }));
    expect(noTies.a.rating - noTies.b.rating).toBeCloseTo(400 * Math.log10(6 / 2), 3);
    expect(noTies.a.battles).toBe(8);
  });

  it("converges to the same optimum as an independent MM (Zermelo/Hunter) solver", () => {
    const names = ["p", "q", "r", "s", "t"];
    const rng = createRng(11);
    const data: Battle[] = [];
    for (let k = 0; k < 400; k++) {
      const i = Math.floor(rng.next() * 5),
        j = (i + 1 + Math.floor(rng.next() * 4)) % 5;
      const u = rng.next();
      data.push({
        model_a: names[i],
        model_b: names[j],
        winner: u < 0.15 ? "tie" : u < 0.15 + 0.85 * (0.3 + 0.1 * j) ? "model_a" : "model_b",
      });
    }
    const r = byModel(computeLeaderboard(data, { rounds: 0 }));
    // MM on strengths π: π_i ← W_i / Σ_j n_ij / (π_i + π_j), ties as half a win each.
    const idx = Object.fromEntries(names.map((n, i) => [n, i]));
    const W = new Array(5).fill(0),
      N = names.map(() => new Array(5).fill(0));
    for (const b of data) {
      const i = idx[b.model_a],
        j = idx[b.model_b];
      N[i][j]++;
      N[j][i]++;
      if (b.winner === "model_a") W[i]++;
      else if (b.winner === "model_b") W[j]++;
      else (W[i] += 0.5), (W[j] += 0.5);
    }
    let pi = new Array(5).fill(1);
    for (let it = 0; it < 20000; it++) {
      pi = pi.map((p, i) => W[i] / pi.reduce((s, q, j) => (j === i ? s : s + N[i][j] / (p + q)), 0));
      const g = Math.exp(pi.reduce((s, p) => s + Math.log(p), 0) / 5);
      pi = pi.map((p) => p / g);
    }
    for (const n of names) expect(r[n].rating).toBeCloseTo(1000 + ELO * Math.log(pi[idx[n]]), 5);
  });

  it("orders a transitive 4-model set", () => {
    const names = ["d", "c", "b", "a"]; // a strongest
    const data: Battle[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++) {
        data.push(...battles(names[j], names[i], "model_a", 10 + 5 * (j - i)));
        data.push(...battles(names[i], names[j], "model_a", 10));
      }
    const r = computeLeaderboard(data, { rounds: 50, seed: 1 });
    expect(r.models.map((x) => x.model)).toEqual(["a", "b", "c", "d"]);
    for (const row of r.models) expect(row.lower).toBeLessThanOrEqual(row.upper);
    expect(r.models[0].winRate).toBeGreaterThan(0.5);
    expect(r.models[3].winRate).toBeLessThan(0.5);
  });

  it("gives all-tie data equal ratings and null win rates", () => {
    const data = [
      ...battles("a", "b", "tie", 5),
      ...battles("b", "c", "tie (bothbad)", 5),
      ...battles("c", "a", "tie", 5),
    ];
    const r = computeLeaderboard(data, { rounds: 20 });
    for (const row of r.models) {
      expect(row.rating).toBeCloseTo(1000, 6);
      expect(row.elo).toBeCloseTo(1000, 6);
      expect(row.winRate).toBeNull();
      expect(row.rank).toBe(1);
    }
    expect(r.winFraction.matrix.flat().every((v) => v === null)).toBe(true);
  });

  it("keeps the interval finite for a model with a single battle", () => {
    const data = [
      ...battles("a", "b", "model_a", 40),
      ...battles("b", "a", "model_a", 40),
      ...battles("solo", "a", "model_a", 1),
    ];
    const r = byModel(computeLeaderboard(data, { rounds: 100, seed: 3 }));
    for (const v of [r.solo.rating, r.solo.lower, r.solo.upper, r.solo.median]) expect(Number.isFinite(v)).toBe(true);
    expect(r.solo.battles).toBe(1);
    expect(r.solo.rating).toBeGreaterThan(r.a.rating);
    // the well-measured models are not dragged around by the sparse one
    expect(r.a.upper - r.a.lower).toBeLessThan(200);
  });

  it("rejects a disconnected comparison graph with a typed error naming the groups", () => {
    const data = [...battles("a", "b", "model_a", 3), ...battles("c", "d", "model_b", 3)];
    let err: unknown;
    try {
      computeLeaderboard(data);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JoustError);
    const je = err as JoustError;
    expect(je.code).toBe("unsupported:leaderboard");
    expect(je.details?.reason).toBe("disconnected");
    expect(je.details?.components).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(je.message).toMatch(/never compared/);
  });

  it("pins the anchor model to its rating and keeps the differences", () => {
    const data = [...battles("a", "mixtral", "model_a", 20), ...battles("mixtral", "a", "model_a", 10)];
    const free = byModel(computeLeaderboard(data, { rounds: 0 }));
    const pinned = byModel(computeLeaderboard(data, { rounds: 30, anchor: { model: "mixtral", rating: 1114 } }));
    expect(pinned.mixtral.rating).toBeCloseTo(1114, 9);
    expect(pinned.a.rating - pinned.mixtral.rating).toBeCloseTo(free.a.rating - free.mixtral.rating, 6);
    // the anchor is pinned in every bootstrap round too, so its interval is a point
    expect(pinned.mixtral.lower).toBeCloseTo(1114, 9);
    expect(pinned.mixtral.upper).toBeCloseTo(1114, 9);
  });

  it("bootstrap is deterministic for a seed and differs across seeds", () => {
    const data = [
      ...battles("a", "b", "model_a", 30),
      ...battles("b", "c", "model_a", 20),
      ...battles("c", "a", "model_a", 12),
      ...battles("a", "c", "tie", 5),
    ];
    const one = computeLeaderboard(data, { rounds: 40, seed: 7 });
    const two = computeLeaderboard(data, { rounds: 40, seed: 7 });
    const other = computeLeaderboard(data, { rounds: 40, seed: 8 });
    expect(two).toEqual(one);
    expect(other.models.map((m) => m.lower)).not.toEqual(one.models.map((m) => m.lower));
    for (const row of one.models) {
      expect(row.lower).toBeLessThan(row.rating);
      expect(row.upper).toBeGreaterThan(row.rating);
    }
  });
});

describe("online Elo", () => {
  it("matches a hand-computed 3-battle sequence", () => {
    const c = compactBattles([
      { model_a: "x", model_b: "y", winner: "model_a" },
      { model_a: "y", model_b: "z", winner: "tie" },
      { model_a: "z", model_b: "x", winner: "model_a" },
    ]);
    const [x, y, z] = onlineElo(c);
    // 1) x beats y at 1000/1000: ±2 → x 1002, y 998
    // 2) y(998) ties z(1000): E_y = 1/(1+10^(2/400)) = 0.497122…; y += 4(0.5 − E_y)
    const ey = 1 / (1 + 10 ** (2 / 400));
    const y2 = 998 + 4 * (0.5 - ey),
      z2 = 1000 + 4 * (0.5 - (1 - ey));
    // 3) z(z2) beats x(1002)
    const ez = 1 / (1 + 10 ** ((1002 - z2) / 400));
    expect(y).toBeCloseTo(y2, 10);
    expect(z).toBeCloseTo(z2 + 4 * (1 - ez), 10);
    expect(x).toBeCloseTo(1002 - 4 * (1 - ez), 10);
    expect(y2).toBeCloseTo(998.011512, 5);
  });
});

describe("filters and matrices", () => {
  it("applies anonymous-only, date range and minimum battles", () => {
    const data = [
      ...battles("a", "b", "model_a", 4, { anony: true, tstamp: 100 }),
      ...battles("a", "b", "model_b", 4, { anony: false, tstamp: 100 }),
      ...battles("a", "c", "model_a", 1, { anony: true, tstamp: 300 }),
    ];
    expect(computeLeaderboard(data, { rounds: 0 }).totalBattles).toBe(5);
    expect(computeLeaderboard(data, { rounds: 0, anonyOnly: false }).totalBattles).toBe(9);
    expect(
      computeLeaderboard(data, { rounds: 0, toTstamp: 200 })
        .models.map((m) => m.model)
        .sort(),
    ).toEqual(["a", "b"]);
    const min = computeLeaderboard(data, { rounds: 0, minBattles: 2 });
    expect(min.models.map((m) => m.model).sort()).toEqual(["a", "b"]);
    expect(min.totalBattles).toBe(4);
    // b keeps 2 battles but they were all against a, which is dropped: b is dropped too (not rated on nothing)
    const chain = [...battles("a", "b", "model_a", 5), ...battles("b", "c", "model_a", 2)];
    expect(computeLeaderboard(chain, { rounds: 0, minBattles: 5 }).models.map((m) => [m.model, m.battles])).toEqual([
      ["a", 5],
      ["b", 5],
    ]);
    const lonely = [
      ...battles("a", "b", "model_a", 1),
      ...battles("a", "c", "model_a", 1),
      ...battles("a", "d", "model_a", 1),
    ];
    expect(computeLeaderboard(lonely, { rounds: 0, minBattles: 2 })).toMatchObject({ models: [], totalBattles: 0 });
  });

  it("builds the win-fraction (ties excluded) and battle-count matrices in rating order", () => {
    const data = [
      ...battles("a", "b", "model_a", 3),
      ...battles("b", "a", "model_a", 1),
      ...battles("a", "b", "tie", 2),
    ];
    const r = computeLeaderboard(data, { rounds: 0 });
    expect(r.winFraction.models).toEqual(["a", "b"]);
    expect(r.winFraction.matrix).toEqual([
      [null, 0.75],
      [0.25, null],
    ]);
    expect(r.battleCounts.matrix).toEqual([
      [0, 6],
      [6, 0],
    ]);
    expect(byModel(r).a).toMatchObject({ wins: 3, losses: 1, ties: 2, battles: 6, winRate: 0.75 });
  });

  it("returns an empty leaderboard for no battles", () => {
    expect(computeLeaderboard([])).toMatchObject({ models: [], totalBattles: 0 });
  });
});

describe("rank rule", () => {
  it("counts only models whose lower bound is above this model's upper bound", () => {
    // intervals: A [10,20], B [15,25], C [0,9], D [0,14.9]
    const rank = ranksFromIntervals([10, 15, 0, 0], [20, 25, 9, 14.9]);
    expect([...rank]).toEqual([1, 1, 3, 2]);
  });
});
