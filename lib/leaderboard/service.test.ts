import { describe, expect, it } from "vitest";
import type { PublicModelInfo } from "@/lib/providers/types";
import type { BattleOutcome, VoteQuery, VoteRecord, VoteStore } from "@/lib/votes/types";
import { LeaderboardService } from "./service";
import { DEFAULT_QUERY } from "./types";

/** In-memory VoteStore honouring the VoteQuery filters, with a call counter. */
class MemoryStore implements VoteStore {
  outcomes: (BattleOutcome & { counted: boolean })[] = [];
  listCalls = 0;
  private v = 0;
  add(o: Partial<BattleOutcome> & Pick<BattleOutcome, "model_a" | "model_b" | "winner">, n = 1, counted = true) {
    for (let i = 0; i < n; i++) this.outcomes.push({ anony: true, tstamp: 1000, counted, ...o });
    this.v++;
  }
  async version() { return this.v; }
  async countVotes() { return this.outcomes.length; }
  async listOutcomes(q: VoteQuery = {}) {
    this.listCalls++;
    await new Promise((r) => setTimeout(r, 5));
    return this.outcomes
      .filter((o) => (!q.anonyOnly || o.anony) && (!q.countedOnly || o.counted))
      .filter((o) => (q.fromTstamp ?? -Infinity) <= o.tstamp && o.tstamp <= (q.toTstamp ?? Infinity))
      .map(({ counted: _c, ...o }) => o);
  }
  async listVotes(): Promise<VoteRecord[]> { return []; }
}

const remote: PublicModelInfo = {
  name: "gpt-x", provider: "openai", available: true, organization: "OpenAI", license: "Proprietary",
  arena: { anonymousOnly: false, weight: 1 },
};

function setup() {
  const store = new MemoryStore();
  const svc = new LeaderboardService(async () => store, async () => [remote], () => new Date("2026-01-02T03:04:05Z"));
  return { store, svc };
}

describe("LeaderboardService", () => {
  it("returns an empty board for an empty store", async () => {
    const { svc } = setup();
    const r = await svc.get(DEFAULT_QUERY);
    expect(r).toMatchObject({ models: [], totalVotes: 0, countedBattles: 0, updatedAt: "2026-01-02T03:04:05.000Z" });
  });

  it("labels remote and in-browser models with their metadata", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "gpt-x", model_b: "transformers:tiny-chat", winner: "model_a" }, 6);
    store.add({ model_a: "gpt-x", model_b: "transformers:tiny-chat", winner: "model_b" }, 2);
    const r = await svc.get({ ...DEFAULT_QUERY, rounds: 10 });
    expect(r.models.map((m) => [m.model, m.kind, m.provider, m.organization, m.license])).toEqual([
      ["gpt-x", "remote", "openai", "OpenAI", "Proprietary"],
      ["transformers:tiny-chat", "in-browser", "transformers", null, null],
    ]);
    expect(r.models[0].rating - r.models[1].rating).toBeCloseTo(400 * Math.log10(3), 2);
    expect(r.totalVotes).toBe(8);
  });

  it("shares one computation between concurrent requests and recomputes only when votes arrive", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    const q = { ...DEFAULT_QUERY, rounds: 5 };
    const results = await Promise.all(Array.from({ length: 20 }, () => svc.get(q)));
    expect(svc.computations).toBe(1);
    expect(store.listCalls).toBe(1);
    expect(new Set(results).size).toBe(1);
    await svc.get(q);
    expect(svc.computations).toBe(1);
    store.add({ model_a: "a", model_b: "b", winner: "model_b" });
    const fresh = await svc.get(q);
    expect(svc.computations).toBe(2);
    expect(fresh.countedBattles).toBe(4);
    await svc.get({ ...q, excludeTies: true }); // other options: own cache entry
    expect(svc.computations).toBe(3);
  });

  it("named view includes non-anonymous and uncounted votes; anonymous view does not", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 2);
    store.add({ model_a: "a", model_b: "b", winner: "model_b", anony: false }, 3);
    store.add({ model_a: "a", model_b: "b", winner: "model_b" }, 1, false);
    expect((await svc.get({ ...DEFAULT_QUERY, rounds: 0 })).countedBattles).toBe(2);
    expect((await svc.get({ ...DEFAULT_QUERY, anony: false, rounds: 0 })).countedBattles).toBe(6);
  });

  it("rates the largest connected group of a disconnected graph and lists the others as unrated", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    store.add({ model_a: "b", model_b: "c", winner: "model_a" }, 2);
    store.add({ model_a: "x", model_b: "y", winner: "model_b" });
    const board = await svc.get({ ...DEFAULT_QUERY, rounds: 10 });
    expect(board.models.map((m) => m.model).sort()).toEqual(["a", "b", "c"]);
    expect(board.countedBattles).toBe(5);
    expect(board.unrated?.models.sort()).toEqual(["x", "y"]);
    expect(board.unrated?.reason).toMatch(/never compared/);
    expect(board.models.every((m) => Number.isFinite(m.rating) && Number.isFinite(m.lower) && Number.isFinite(m.upper))).toBe(true);
    await svc.get({ ...DEFAULT_QUERY, rounds: 10 });
    expect(svc.computations).toBe(1);
  });

  it("a connected graph has no unrated models", async () => {
    const { store, svc } = setup();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 2);
    store.add({ model_a: "b", model_b: "a", winner: "tie" });
    expect((await svc.get({ ...DEFAULT_QUERY, rounds: 5 })).unrated).toBeUndefined();
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
    await expect(svc.get(DEFAULT_QUERY)).rejects.toThrow("db down");
    fail = false;
    expect((await svc.get({ ...DEFAULT_QUERY })).countedBattles).toBe(1);
  });
});
