import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "@/lib/votes/sql";
import { SqlVoteStore } from "@/lib/votes/sql-store";
import { vote } from "@/lib/votes/vote-fixture.mock";
import { LeaderboardService } from "./service";
import { DEFAULT_QUERY } from "./types";

// The plain fit: these fixture votes carry no conv_metadata, which the (default) style-controlled fit needs.
const PLAIN = { ...DEFAULT_QUERY, style: false };

// Issue 16: votes of battles with a browser-run side are client-attested (the server never saw that text).
// The attack they allow is stuffing: a client can claim any outcome for its own in-browser model.
let store: SqlVoteStore;
beforeAll(async () => {
  store = await SqlVoteStore.open(await openPglite());
  const trusted = Array.from({ length: 12 }, (_, i) =>
    vote(i, { model_a: "remote-x", model_b: "remote-y", winner: i % 3 ? "model_a" : "model_b" }),
  );
  const stuffed = Array.from({ length: 40 }, (_, i) =>
    vote(100 + i, {
      model_a: "webllm:my-model",
      model_b: "remote-x",
      winner: "model_a",
      client_attested: true,
      idempotency_key: `s${i}`,
    }),
  );
  await store.insertVotes([...trusted, ...stuffed]);
}, 120_000);
afterAll(() => store?.close());

describe("leaderboard and client-attested votes", () => {
  it("rates server-verified votes only by default, and says so", async () => {
    const svc = new LeaderboardService(
      async () => store,
      async () => [],
    );
    const r = await svc.get(PLAIN);
    expect(r.clientAttested).toBe(false);
    expect(r.countedBattles).toBe(12);
    expect(r.models.map((m) => m.model).sort()).toEqual(["remote-x", "remote-y"]);
  });

  it("includes them when the operator turns it on (joust.config.json arena.countClientAttestedVotes)", async () => {
    let on = false;
    const svc = new LeaderboardService(
      async () => store,
      async () => [],
      undefined,
      { includeClientAttested: () => on },
    );
    expect((await svc.get(PLAIN)).countedBattles).toBe(12);
    on = true; // the view changes at once (the setting is part of the cache key)
    const r = await svc.get(PLAIN);
    expect(r.clientAttested).toBe(true);
    expect(r.countedBattles).toBe(52);
    expect(r.models.map((m) => m.model)).toContain("webllm:my-model");
  });
});
