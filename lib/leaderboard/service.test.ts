import { describe, expect, it } from "vitest";
import { MemoryStore, remote } from "./memory-store.mock";
import { LeaderboardService } from "./service";
import { DEFAULT_QUERY } from "./types";

function setup() {
  const store = new MemoryStore();
  let clock = Date.parse("2026-01-02T03:04:05Z");
  const svc = new LeaderboardService(
    async () => store,
    async () => [remote],
    () => new Date(clock),
    { debounceMs: 5 },
  );
  return { store, svc, tick: (s: number) => void (clock += s * 1000) };
}

/** DEFAULT_QUERY without style control (these tests' battles carry no conv_metadata). */
const PLAIN = { ...DEFAULT_QUERY, style: false };

describe("LeaderboardService", () => {
  it("returns an empty board for an empty store", async () => {
    const { svc } = setup();
    const r = await svc.get(PLAIN);
    expect(r).toMatchObject({ models: [], totalVotes: 0, countedBattles: 0, updatedAt: "2026-01-02T03:04:05.000Z" });
  });

  it("labels remote and in-browser models with their metadata", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "gpt-x", model_b: "transformers:tiny-chat", winner: "model_a" }, 6);
    store.add({ model_a: "gpt-x", model_b: "transformers:tiny-chat", winner: "model_b" }, 2);
    const r = await svc.get({ ...PLAIN, rounds: 10 });
    expect(r.models.map((m) => [m.model, m.kind, m.provider, m.organization, m.license])).toEqual([
      ["gpt-x", "remote", "openai", "OpenAI", "Proprietary"],
      ["transformers:tiny-chat", "in-browser", "transformers", null, null],
    ]);
    expect(r.models[0].rating - r.models[1].rating).toBeCloseTo(400 * Math.log10(3), 2);
    expect(r.totalVotes).toBe(8);
  });

  it("shares one computation between concurrent requests; after new votes serves the last result (stale, with its age) and recomputes once in the background", async () => {
    const { store, svc, tick } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    const q = { ...PLAIN, rounds: 5 };
    const results = await Promise.all(Array.from({ length: 20 }, () => svc.get(q)));
    expect(svc.computations).toBe(1);
    expect(store.listCalls).toBe(1);
    expect(new Set(results.map((r) => r.updatedAt)).size).toBe(1);
    expect(results[0]).toMatchObject({ stale: false, ageSeconds: 0 });
    await svc.get(q);
    expect(svc.computations).toBe(1);
    store.add({ model_a: "a", model_b: "b", winner: "model_b" });
    store.add({ model_a: "a", model_b: "b", winner: "model_b" });
    tick(30);
    const during = await Promise.all(Array.from({ length: 5 }, () => svc.get(q)));
    for (const r of during) expect(r).toMatchObject({ stale: true, ageSeconds: 30, countedBattles: 3 });
    await svc.settled();
    expect(svc.computations).toBe(2); // one background recomputation for the burst
    const fresh = await svc.get(q);
    expect(fresh).toMatchObject({ stale: false, countedBattles: 5, ageSeconds: 0 });
    expect(svc.computations).toBe(2);
    await svc.get({ ...q, excludeTies: true }); // other options: own cache entry
    expect(svc.computations).toBe(3);
  });

  it("style control by default: coefficients, battles without conv_metadata left out and counted", async () => {
    const { store, svc } = setup();
    const meta = (ta: number, tb: number) => ({
      sum_assistant_a_tokens: ta,
      sum_assistant_b_tokens: tb,
      header_count_a: 0,
      header_count_b: 1,
      list_count_a: ta % 3,
      list_count_b: 0,
      bold_count_a: 0,
      bold_count_b: tb % 2,
    });
    for (let i = 0; i < 40; i++)
      store.add({
        model_a: i % 2 ? "a" : "b",
        model_b: i % 2 ? "b" : "a",
        winner: i % 3 ? "model_a" : "model_b",
        conv_metadata: meta(100 + i * 7, 300 - i * 3),
      });
    store.add({ model_a: "a", model_b: "b", winner: "model_a" });
    const r = await svc.get({ ...DEFAULT_QUERY, rounds: 5 });
    expect(r.query.style).toBe(true);
    expect(Object.keys(r.style!.coefficients)).toEqual(["length", "header", "list", "bold"]);
    expect(r.style!.skipped).toBe(1);
    expect(r.countedBattles).toBe(40);
    expect((await svc.get({ ...PLAIN, rounds: 5 })).style).toBeUndefined();
  });

  it("a category board lists Δrank against the overall board", async () => {
    const { store, svc } = setup();
    // overall: a > b > c; in "coding": c beats everyone
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 20);
    store.add({ model_a: "b", model_b: "c", winner: "model_a" }, 20);
    store.add({ model_a: "a", model_b: "c", winner: "model_a" }, 20);
    store.add({ model_a: "c", model_b: "a", winner: "model_a", categories: ["coding"] }, 6);
    store.add({ model_a: "c", model_b: "b", winner: "model_a", categories: ["coding"] }, 6);
    store.add({ model_a: "a", model_b: "b", winner: "model_a", categories: ["coding"] }, 3);
    store.add({ model_a: "a", model_b: "b", winner: "model_b", categories: ["coding"] }, 2);
    const all = await svc.get({ ...PLAIN, rounds: 20 });
    const coding = await svc.get({ ...PLAIN, rounds: 20, category: "coding" });
    expect(coding.countedBattles).toBe(17);
    const byModel = Object.fromEntries(coding.models.map((m) => [m.model, m]));
    const overall = Object.fromEntries(all.models.map((m) => [m.model, m.rank]));
    expect(byModel.c.rankDelta).toBe(overall.c - byModel.c.rank);
    expect(byModel.c.rankDelta).toBeGreaterThan(0);
    expect(all.models.every((m) => m.rankDelta === null)).toBe(true);
  });

  it("labels a model that is neither configured remote nor a known in-browser engine as imported", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "gpt-x", model_b: "vicuna-13b", winner: "model_a" }, 2);
    store.add({ model_a: "vicuna-13b", model_b: "webllm:Llama-3", winner: "model_a" }, 2);
    const r = await svc.get({ ...PLAIN, rounds: 0 });
    expect(Object.fromEntries(r.models.map((m) => [m.model, [m.kind, m.provider]]))).toEqual({
      "gpt-x": ["remote", "openai"],
      "vicuna-13b": ["imported", null],
      "webllm:Llama-3": ["in-browser", "webllm"],
    });
  });

  it("named view includes non-anonymous and uncounted votes; anonymous view does not", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 2);
    store.add({ model_a: "a", model_b: "b", winner: "model_b", anony: false }, 3);
    store.add({ model_a: "a", model_b: "b", winner: "model_b" }, 1, false);
    expect((await svc.get({ ...PLAIN, rounds: 0 })).countedBattles).toBe(2);
    expect((await svc.get({ ...PLAIN, anony: false, rounds: 0 })).countedBattles).toBe(6);
  });

  it("rates the largest connected group of a disconnected graph and lists the others as unrated", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    store.add({ model_a: "b", model_b: "c", winner: "model_a" }, 2);
    store.add({ model_a: "x", model_b: "y", winner: "model_b" });
    const board = await svc.get({ ...PLAIN, rounds: 10 });
    expect(board.models.map((m) => m.model).sort()).toEqual(["a", "b", "c"]);
    expect(board.countedBattles).toBe(5);
    expect(board.unrated?.models.sort()).toEqual(["x", "y"]);
    expect(board.unrated?.reason).toMatch(/never compared/);
    expect(
      board.models.every((m) => Number.isFinite(m.rating) && Number.isFinite(m.lower) && Number.isFinite(m.upper)),
    ).toBe(true);
    await svc.get({ ...PLAIN, rounds: 10 });
    expect(svc.computations).toBe(1);
  });

  it("a connected graph has no unrated models", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 2);
    store.add({ model_a: "b", model_b: "a", winner: "tie" });
    expect((await svc.get({ ...PLAIN, rounds: 5 })).unrated).toBeUndefined();
  });

  it("retries after a store failure", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" });
    const orig = store.listOutcomes.bind(store);
    let fail = true;
    store.listOutcomes = async (q) => {
      if (fail) throw new Error("db down");
      return orig(q);
    };
    await expect(svc.get(PLAIN)).rejects.toThrow("db down");
    fail = false;
    expect((await svc.get({ ...PLAIN })).countedBattles).toBe(1);
  });
});

describe("LeaderboardService, point fit first (style control over many battles)", () => {
  function styled(n: number) {
    const store = new MemoryStore();
    let clock = Date.parse("2026-01-02T03:04:05Z");
    const svc = new LeaderboardService(
      async () => store,
      async () => [],
      () => new Date(clock),
      { debounceMs: 5, pointFirstAbove: 50 },
    );
    for (let i = 0; i < n; i++)
      store.add({
        model_a: ["a", "b", "c"][i % 3],
        model_b: ["b", "c", "a"][i % 3],
        winner: i % 4 ? "model_a" : i % 5 ? "model_b" : "tie",
        conv_metadata: {
          sum_assistant_a_tokens: 100 + ((i * 37) % 200),
          sum_assistant_b_tokens: 150 + ((i * 11) % 90),
          header_count_a: i % 3,
          header_count_b: 0,
          list_count_a: 0,
          list_count_b: i % 2,
          bold_count_a: 1,
          bold_count_b: i % 4,
        },
      });
    return { store, svc, tick: (s: number) => void (clock += s * 1000) };
  }
  const Q = { ...DEFAULT_QUERY, rounds: 20 };

  it("answers a first computation with the point fit, then fills in the intervals in the background", async () => {
    const { svc } = styled(120);
    const [first, second] = await Promise.all([svc.get(Q), svc.get(Q)]);
    expect(svc.computations).toBe(1); // single flight
    expect(first).toMatchObject({ intervalsPending: true, rounds: 0, stale: false });
    expect(first.models.every((m) => m.lower === m.rating && m.upper === m.rating)).toBe(true);
    expect(second.intervalsPending).toBe(true);
    await svc.settled();
    const full = await svc.get(Q);
    expect(full.intervalsPending).toBeUndefined();
    expect(full).toMatchObject({ rounds: 20, stale: false, version: first.version });
    expect(full.models.some((m) => m.lower < m.rating && m.rating < m.upper)).toBe(true);
    // The point fit is the full result's rating; the bootstrap ran in the same computation.
    const rating = (r: typeof full) => Object.fromEntries(r.models.map((m) => [m.model, m.rating]));
    expect(rating(full)).toEqual(rating(first));
    expect(full.style?.coefficients.length.lower).toBeLessThan(full.style?.coefficients.length.upper ?? -1);
    expect(svc.computations).toBe(1);
  });

  it("small boards, plain fits and a refresh after new votes answer with intervals at once", async () => {
    const { store, svc } = styled(30);
    expect((await svc.get(Q)).intervalsPending).toBeUndefined();
    const big = styled(120);
    expect((await big.svc.get({ ...Q, style: false })).intervalsPending).toBeUndefined();
    await big.svc.get(Q);
    big.store.add({ model_a: "a", model_b: "b", winner: "model_b" });
    const stale = await big.svc.get(Q);
    expect(stale).toMatchObject({ stale: true, intervalsPending: true });
    await big.svc.settled();
    const fresh = await big.svc.get(Q);
    expect(fresh).toMatchObject({ stale: false, rounds: 20, version: stale.version + 1 });
    expect(fresh.style?.skipped).toBe(1); // the new vote (no conv_metadata) was seen
    expect(fresh.intervalsPending).toBeUndefined();
    expect(big.svc.computations).toBe(3); // plain, style (point + intervals), one refresh
    expect(store.listCalls).toBe(1);
  });
});
