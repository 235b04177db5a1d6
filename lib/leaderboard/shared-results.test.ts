import { describe, expect, it } from "vitest";
import type { PublicModelInfo } from "@/lib/providers/types";
import { SharedStore, remote } from "./memory-store.mock";
import { LeaderboardService } from "./service";
import { DEFAULT_QUERY } from "./types";

const PLAIN = { ...DEFAULT_QUERY, style: false };

describe("LeaderboardService, results shared by the app instances over one store", () => {
  const instance = (store: SharedStore, models: PublicModelInfo[] = [remote], resultScope = "build-1") =>
    new LeaderboardService(
      async () => store,
      async () => models,
      () => new Date(Date.parse("2026-01-02T03:04:05Z")),
      { debounceMs: 5, resultScope },
    );
  const q = { ...PLAIN, rounds: 5 };

  it("a second instance (or a restarted one) answers from the stored result without computing", async () => {
    const store = new SharedStore();
    store.add({ model_a: "gpt-x", model_b: "b", winner: "model_a" }, 4);
    store.add({ model_a: "gpt-x", model_b: "b", winner: "model_b" }, 2);
    const one = instance(store);
    const first = await one.get(q);
    await one.settled();
    expect(store.results.size).toBe(1);
    // The second instance's config does not know gpt-x: the stored rows are described by its own.
    const two = instance(store, []);
    const second = await two.get(q);
    expect(two.computations).toBe(0);
    expect(second).toMatchObject({ stale: false, countedBattles: 6, updatedAt: first.updatedAt });
    expect(second.models.map((m) => [m.model, m.rating, m.kind])).toEqual(
      first.models.map((m) => [m.model, m.rating, m.model === "gpt-x" ? "imported" : m.kind]),
    );
    expect(first.models.find((m) => m.model === "gpt-x")?.kind).toBe("remote");
  });

  it("an instance of another build does not use the stored results (their format may differ)", async () => {
    const store = new SharedStore();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    await instance(store).get(q);
    const other = instance(store, [remote], "build-2");
    expect(await other.get(q)).toMatchObject({ stale: false, countedBattles: 3 });
    expect(other.computations).toBe(1);
    expect([...store.results.keys()].map((k) => k.split("|")[0]).sort()).toEqual(["build-1", "build-2"]);
  });

  it("after new votes one instance recomputes (a lease per query) and the others take its stored result", async () => {
    const store = new SharedStore();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    const [one, two] = [instance(store), instance(store)];
    await one.get(q);
    await one.settled();
    await two.get(q);
    expect([one.computations, two.computations]).toEqual([1, 0]);
    store.add({ model_a: "a", model_b: "b", winner: "model_b" }, 2);
    const stale = await Promise.all([one.get(q), two.get(q)]);
    for (const r of stale) expect(r).toMatchObject({ stale: true, countedBattles: 3 });
    await Promise.all([one.settled(), two.settled()]);
    expect(one.computations + two.computations).toBe(2); // one recomputation between them
    expect(store.results.values().next().value?.version).toBe(await store.version());
    // The instance that did not compute picks the stored result up on its next request's refresh.
    for (const svc of [one, two]) {
      await svc.get(q);
      await svc.settled();
      expect(await svc.get(q)).toMatchObject({ stale: false, countedBattles: 5 });
    }
    expect(one.computations + two.computations).toBe(2);
    expect(store.leases.size).toBe(0);
  });

  it("a failed recomputation gives its lease back", async () => {
    const store = new SharedStore();
    store.add({ model_a: "a", model_b: "b", winner: "model_a" }, 3);
    const svc = instance(store);
    await svc.get(q);
    await svc.settled();
    store.add({ model_a: "a", model_b: "b", winner: "model_b" });
    const list = store.listOutcomes.bind(store);
    store.listOutcomes = async () => {
      throw new Error("store down");
    };
    expect(await svc.get(q)).toMatchObject({ stale: true, countedBattles: 3 });
    await svc.settled();
    expect(store.leases.size).toBe(0);
    store.listOutcomes = list;
    await svc.get(q);
    await svc.settled();
    expect(await svc.get(q)).toMatchObject({ stale: false, countedBattles: 4 });
  });
});
