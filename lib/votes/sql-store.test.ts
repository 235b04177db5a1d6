import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlVoteStore } from "./sql-store";
import { MIGRATIONS, migrate } from "./migrations";
import { PG_URL, sqlBackends } from "./sql-backends.mock";
import { MAX_STORED_RESULTS } from "./result-sql";
import { vote } from "./vote-fixture.mock";

if (!PG_URL) {
  if (process.env.JOUST_REQUIRE_PG === "1") throw new Error("JOUST_REQUIRE_PG=1 but TEST_DATABASE_URL is not set");
  console.warn("[sql-store.test] TEST_DATABASE_URL unset: PostgreSQL store tests SKIPPED (PGlite tests run)");
}

const backends = sqlBackends("t");

describe.each(backends)("SqlVoteStore on %s", (name, open) => {
  let store: SqlVoteStore;
  beforeAll(async () => {
    if (open) store = await SqlVoteStore.open(await open());
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });
  const test = open ? it : it.skip;

  test("runs migrations once and records them", async () => {
    expect(store.kind).toBe(name);
    expect(await migrate(store.db)).toBe(0);
    const rows = await store.db.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  test("keeps one leaderboard result per query for every instance: a later version wins, one lease at a time", async () => {
    const key = `["t",${Math.random()}]`;
    expect(await store.loadResult(key)).toBeUndefined();
    // A lease before any result: taken once, refused while it runs, free again once released.
    expect(await store.claimResult(key, 60_000)).toBe(true);
    expect(await store.claimResult(key, 60_000)).toBe(false);
    expect(await store.loadResult(key)).toBeUndefined();
    await store.releaseResult(key);
    expect(await store.claimResult(key, 60_000)).toBe(true);
    // Saving ends the lease.
    await store.saveResult(key, 5, '{"v":5}');
    expect(await store.loadResult(key)).toEqual({ version: 5, json: '{"v":5}' });
    expect(await store.claimResult(key, 60_000)).toBe(true);
    // A result from an earlier version (a slow instance) does not replace a later one, but still ends its lease.
    await store.saveResult(key, 7, '{"v":7}');
    await store.saveResult(key, 6, '{"v":6}');
    expect(await store.loadResult(key)).toEqual({ version: 7, json: '{"v":7}' });
    expect(await store.claimResult(key, 1)).toBe(true);
    // A lease that has run out can be taken by another instance.
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.claimResult(key, 60_000)).toBe(true);
  });

  test("keeps at most MAX_STORED_RESULTS leaderboard results, the most recently computed", async () => {
    const keys = Array.from({ length: MAX_STORED_RESULTS + 5 }, (_, i) => `["many",${i}]`);
    for (const k of keys) await store.saveResult(k, 1, "{}");
    const [{ n }] = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM leaderboard_results");
    expect(Number(n)).toBe(MAX_STORED_RESULTS);
    expect(await store.loadResult(keys.at(-1) as string)).toEqual({ version: 1, json: "{}" });
    expect(await store.loadResult(keys[0])).toBeUndefined();
  });

  test("batch insert is idempotent by key and bumps version only when rows land", async () => {
    const v0 = await store.version();
    const batch = Array.from({ length: 50 }, (_, i) => vote(i));
    expect((await store.insertVotes(batch)).size).toBe(50);
    const v1 = await store.version();
    expect(v1).toBeGreaterThan(v0);
    const again = await store.insertVotes([...batch.slice(0, 10), vote(50)]);
    expect([...again]).toEqual(["k50"]);
    expect(await store.countVotes()).toBe(51);
    expect(await store.insertVotes(batch.slice(0, 5))).toEqual(new Set());
    expect(await store.version()).toBe(v1 + 1);
  });

  test("queries filter by anony, counted and time; JSONB round-trips", async () => {
    await store.insertVotes([vote(100, { anony: false }), vote(101, { counted: false, winner: "tie (bothbad)" })]);
    const all = await store.listOutcomes();
    expect(all).toHaveLength(53);
    expect((await store.listOutcomes({ anonyOnly: true })).length).toBe(52);
    expect((await store.listOutcomes({ anonyOnly: true, countedOnly: true })).length).toBe(51);
    expect(await store.countVotes()).toBe(53);
    const range = await store.listOutcomes({ fromTstamp: 1_700_000_010, toTstamp: 1_700_000_019 });
    expect(range).toHaveLength(10);
    const [v] = await store.listVotes({ limit: 1, offset: 3 });
    expect(v).toEqual({ ...vote(3), idempotency_key: undefined, client_attested: false, client_tstamp: null });
    const tb = (await store.listVotes()).find((x) => x.question_id === "q101");
    expect(tb?.winner).toBe("tie (bothbad)");
    expect(tb?.counted).toBe(false);
  });

  test("conv_metadata and categories round-trip, filter by category, and can be updated later", async () => {
    const meta = { sum_assistant_a_tokens: 5, header_count_a: { h1: 1 }, turns: 1 };
    await store.insertVotes([
      vote(200, { conv_metadata: meta, categories: ["coding", "english"] }),
      vote(201, { categories: ["math"] }),
    ]);
    const v = (await store.listVotes()).find((x) => x.question_id === "q200");
    expect(v).toMatchObject({ conv_metadata: meta, categories: ["coding", "english"] });
    expect((await store.listOutcomes({ category: "coding" })).length).toBe(1);
    expect((await store.listOutcomes({ category: "math", withStyle: true }))[0]).toMatchObject({ conv_metadata: null });
    expect((await store.listOutcomes({ category: "coding", withStyle: true }))[0].conv_metadata).toEqual(meta);
    const before = await store.version();
    await store.updateVoteTags([
      { question_id: "q201", addCategory: "hard_prompt" },
      { question_id: "q201", addCategory: "hard_prompt" },
    ]);
    expect(await store.version()).toBeGreaterThan(before);
    expect((await store.listVotes()).find((x) => x.question_id === "q201")?.categories).toEqual([
      "math",
      "hard_prompt",
    ]);
    expect((await store.listOutcomes({ category: "hard_prompt" })).length).toBe(1);
    const cats = await store.categoryCounts({ fromTstamp: 1_700_000_200, toTstamp: 1_700_000_201 });
    expect(cats).toEqual([
      { name: "coding", votes: 1 },
      { name: "english", votes: 1 },
      { name: "hard_prompt", votes: 1 },
      { name: "math", votes: 1 },
    ]);
  });

  test("outcome counts are aggregated in SQL per (model_a, model_b, winner), with the filters", async () => {
    await store.insertVotes([
      vote(300, { model_a: "x", model_b: "y" }),
      vote(301, { model_a: "x", model_b: "y" }),
      vote(302, { model_a: "y", model_b: "x", winner: "tie" }),
      vote(303, { model_a: "x", model_b: "y", anony: false }),
      vote(304, { model_a: "x", model_b: "y", categories: ["coding"] }),
    ]);
    const q = { fromTstamp: 1_700_000_300, toTstamp: 1_700_000_304 };
    const sorted = (rows: Array<{ model_a: string; model_b: string; winner: string; count: number }>) =>
      rows.map((r) => `${r.model_a}>${r.model_b}:${r.winner}=${r.count}`).sort();
    expect(sorted(await store.outcomeCounts(q))).toEqual(["x>y:model_a=4", "y>x:tie=1"]);
    expect(sorted(await store.outcomeCounts({ ...q, anonyOnly: true }))).toEqual(["x>y:model_a=3", "y>x:tie=1"]);
    expect(sorted(await store.outcomeCounts({ ...q, category: "coding" }))).toEqual(["x>y:model_a=1"]);
  });

  test("battle votes close the battle once; a losing key does not orphan it", async () => {
    const exp = Date.now() + 60_000;
    const sides = { a: "remote", b: "local" } as const;
    await store.createBattles([
      {
        id: "b1",
        mode: "anonymous",
        model_a: "x",
        model_b: "y",
        expiresAt: exp,
        clientKey: "ip:1",
        params: { sides, sequential: false },
      },
      {
        id: "b2",
        mode: "named",
        model_a: "x",
        model_b: "z",
        expiresAt: exp,
        clientKey: null,
        params: { sides, sequential: false },
      },
    ]);
    const b1 = await store.getBattle("b1");
    expect(b1).toMatchObject({ id: "b1", mode: "anonymous", model_a: "x", votedAt: null, params: { sides } });
    expect(Math.abs(b1!.expiresAt - exp)).toBeLessThan(2);

    const v0 = await store.version();
    const stored = await store.recordBattleVotes([vote(0, { question_id: "b1", idempotency_key: "bv1" })]);
    expect([...stored]).toEqual(["bv1"]);
    expect(await store.version()).toBe(v0 + 1);
    expect((await store.getBattle("b1"))?.votedAt).toBeTypeOf("number");
    // second vote on the same battle: not stored
    expect((await store.recordBattleVotes([vote(0, { question_id: "b1", idempotency_key: "bv2" })])).size).toBe(0);
    // a key that already exists (k0) does not land and b2 stays open
    expect((await store.recordBattleVotes([vote(0, { question_id: "b2", idempotency_key: "k0" })])).size).toBe(0);
    expect((await store.getBattle("b2"))?.votedAt).toBeNull();
    expect(await store.version()).toBe(v0 + 1);
    const refs = await store.findVotesByKeys(["bv1", "nope"]);
    expect(refs.get("bv1")).toMatchObject({ question_id: "b1", counted: true });
    expect(refs.has("nope")).toBe(false);
  });
});
