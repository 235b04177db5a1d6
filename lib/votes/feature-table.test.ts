import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateBattles } from "@/lib/leaderboard/compute";
import { DEFAULT_QUERY } from "@/lib/leaderboard/types";
import { CompactBuilder } from "@/lib/rating/compact";
import { styleDiffs } from "@/lib/rating/style-features";
import type { CompactBattles } from "@/lib/rating/types";
import { COUNTS_MIGRATION } from "./counts-sql";
import { FEATURES_MIGRATION } from "./features-sql";
import { MIGRATIONS, migrate } from "./migrations";
import type { SqlClient } from "./sql";
import { SqlVoteStore } from "./sql-store";
import type { VoteQuery } from "./types";
import { sqlBackends } from "./sql-backends.mock";
import { full, votes } from "./feature-votes.mock";

const backends = sqlBackends("f");

/** What loadBattles built before the feature table: rows with conv_metadata through CompactBuilder. */
async function fromRows(store: SqlVoteStore, q: VoteQuery, excludeTies: boolean): Promise<CompactBattles> {
  const rows = await store.listOutcomes({ ...q, withStyle: true });
  const builder = new CompactBuilder({ anonyOnly: false, excludeTies, style: true });
  for (const r of rows) builder.add(r);
  return builder.finish();
}

const QUERIES: Array<[string, VoteQuery, boolean]> = [
  ["everything", {}, false],
  [
    "anonymous, counted, no client-attested",
    { anonyOnly: true, countedOnly: true, excludeClientAttested: true },
    false,
  ],
  ["a time window without ties", { fromTstamp: 1_700_000_020, toTstamp: 1_700_000_090 }, true],
  ["a category", { category: "coding", anonyOnly: true }, false],
];

describe.each(backends)("vote_features on %s", (_name, open) => {
  let store: SqlVoteStore;
  const test = open ? it : it.skip;
  beforeAll(async () => {
    if (!open) return;
    store = await SqlVoteStore.open(await open());
    const all = votes(400, 1);
    await store.insertVotes(all.slice(0, 300));
    // Votes stored the live way (battle closed and vote inserted in one statement) land in the table too.
    const live = all.slice(300);
    await store.createBattles(
      live.map((v) => ({
        id: v.question_id,
        mode: "anonymous" as const,
        model_a: v.model_a,
        model_b: v.model_b,
        expiresAt: Date.now() + 60_000,
        clientKey: null,
        params: { sides: { a: "remote" as const, b: "remote" as const }, sequential: false },
      })),
    );
    for (let i = 0; i < live.length; i += 50) await store.recordBattleVotes(live.slice(i, i + 50));
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  test.each(QUERIES)("the binary read matches the rows for %s", async (_label, q, excludeTies) => {
    const want = await fromRows(store, q, excludeTies);
    for (const chunkRows of [undefined, 7]) {
      const got = await store.compactBattles(q, { style: true, excludeTies, chunkRows });
      expect(got.length).toBeGreaterThan(10);
      expect(got.models).toEqual(want.models);
      expect([...got.a]).toEqual([...want.a]);
      expect([...got.b]).toEqual([...want.b]);
      expect([...got.outcome]).toEqual([...want.outcome]);
      expect([...(got.styleDiff ?? [])]).toEqual([...styleDiffs(want.style as Float64Array, want.length)]);
      expect(got.styleSkipped).toBe(want.styleSkipped);
      expect(want.styleSkipped).toBeGreaterThan(0);
    }
  });

  test("the style-controlled board from the feature table equals the one from the rows", async () => {
    const q = { ...DEFAULT_QUERY, anony: false, rounds: 5, minBattles: 30 };
    const rows = await store.listOutcomes({ withStyle: true });
    const compact = await store.compactBattles({}, { style: true });
    const fromRowsBoard = rateBattles({ kind: "rows", outcomes: rows }, q, 7);
    const fromTable = rateBattles({ kind: "compact", battles: compact }, q, 7);
    expect(fromTable).toEqual(fromRowsBoard);
    expect(fromTable.board.style?.skipped).toBeGreaterThan(0);
  });

  test("plain (pair, outcome) counts come from the feature table, filters included", async () => {
    for (const [, q] of QUERIES) {
      const want = new Map<string, number>();
      for (const r of await store.listOutcomes(q)) {
        const key = `${r.model_a}>${r.model_b}:${r.winner.startsWith("tie") ? "tie" : r.winner}`;
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      const got = new Map(
        (await store.outcomeCounts(q)).map((c) => [`${c.model_a}>${c.model_b}:${c.winner}`, c.count]),
      );
      expect(got).toEqual(want);
    }
  });

  test("the kept counts (vote_counts) follow votes inserted, changed and deleted", async () => {
    const flags = { anonyOnly: true, countedOnly: true, excludeClientAttested: true };
    const fromRowsCounts = async (q: VoteQuery) => {
      const want = new Map<string, number>();
      for (const r of await store.listOutcomes(q)) {
        const key = `${r.model_a}>${r.model_b}:${r.winner.startsWith("tie") ? "tie" : r.winner}`;
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      return want;
    };
    const kept = async (q: VoteQuery) =>
      new Map((await store.outcomeCounts(q)).map((c) => [`${c.model_a}>${c.model_b}:${c.winner}`, c.count]));
    await store.db.query("UPDATE votes SET counted = NOT counted, winner = 'model_b' WHERE id % 7 = 0");
    await store.db.query("DELETE FROM votes WHERE id % 11 = 0");
    await store.insertVotes(votes(30, 3));
    for (const q of [{}, flags]) expect(await kept(q)).toEqual(await fromRowsCounts(q));
    const [{ kept: n, rows }] = await store.db.query<{ kept: number; rows: number }>(
      "SELECT (SELECT sum(n) FROM vote_counts)::int AS kept, (SELECT count(*) FROM vote_features)::int AS rows",
    );
    expect(n).toBe(rows);
    expect(rows).toBe(await store.countVotes());
  });

  test("the kept category counts follow votes inserted, tagged and deleted", async () => {
    const flags = { anonyOnly: true, countedOnly: true, excludeClientAttested: true };
    // A time window (every vote is inside it) makes categoryCounts scan the votes: the reference.
    const scanned = (q: VoteQuery) => store.categoryCounts({ ...q, fromTstamp: 0 });
    await store.updateVoteTags([
      { question_id: "q10005", addCategory: "math" },
      { question_id: "q10006", categories: ["coding", "math"] },
      { question_id: "q10007", categories: [] },
    ]);
    await store.db.query("UPDATE votes SET anony = NOT anony WHERE id % 13 = 0");
    await store.db.query("DELETE FROM votes WHERE id % 17 = 0");
    await store.insertVotes(votes(20, 4));
    for (const q of [{}, flags]) {
      const kept = await store.categoryCounts(q);
      expect(kept).toEqual(await scanned(q));
      expect(kept.find((c) => c.name === "math")?.votes).toBeGreaterThan(0);
    }
  });

  test("a conv_metadata update (the backfill) updates the features in the same transaction", async () => {
    const id = "q10003";
    const [row] = await store.db.query<{ id: string }>("SELECT id FROM votes WHERE question_id = $1", [id]);
    await store.updateVoteTags([
      { question_id: id, conv_metadata: full({ sum_assistant_a_tokens: 9, sum_assistant_b_tokens: 0 }) },
    ]);
    const [f] = await store.db.query<{ d_length: number; d_bold: number }>(
      "SELECT d_length, d_bold FROM vote_features WHERE vote_id = $1",
      [row.id],
    );
    expect(f.d_length).toBe(9 / 10);
    expect(f.d_bold).toBe((2 - 3) / 6);
  });
});

describe.each(backends)("migrations v4 and v5 on %s", (_name, open) => {
  const test = open ? it : it.skip;
  test("fills the table for votes stored before it, once, and running its statements again changes nothing", async () => {
    const db = await (open as () => Promise<SqlClient>)();
    try {
      // A store at v3 with votes in it.
      await db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
      );
      for (const m of MIGRATIONS.filter((x) => x.version < 4)) {
        await db.exec(m.sql as string);
        await db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      }
      const old = votes(60, 2);
      for (const v of old)
        await db.query(
          `INSERT INTO votes (question_id, model_a, model_b, winner, judge, anony, tstamp, idempotency_key, conv_metadata, counted)
           VALUES ($1, $2, $3, $4, 'j', $5, $6, $7, $8::jsonb, $9)`,
          [
            v.question_id,
            v.model_a,
            v.model_b,
            v.winner,
            v.anony,
            v.tstamp,
            v.idempotency_key,
            v.conv_metadata ? JSON.stringify(v.conv_metadata) : null,
            v.counted,
          ],
        );
      expect(await migrate(db)).toBe(MIGRATIONS.length - 3);
      expect(await migrate(db)).toBe(0);
      const store = await SqlVoteStore.open(db);
      const snapshot = async () => ({
        features: await db.query("SELECT * FROM vote_features ORDER BY vote_id"),
        models: await db.query("SELECT * FROM vote_models ORDER BY id"),
        counts: await db.query(
          "SELECT * FROM vote_counts ORDER BY model_a, model_b, outcome, anony, counted, client_attested",
        ),
      });
      const before = await snapshot();
      expect(before.features).toHaveLength(60);
      expect(before.models.length).toBeLessThanOrEqual(5);
      expect(before.counts.reduce((n, r) => n + Number(r.n), 0)).toBe(60);
      const want = await fromRows(store, {}, false);
      const got = await store.compactBattles({}, { style: true });
      expect([...(got.styleDiff ?? [])]).toEqual([...styleDiffs(want.style as Float64Array, want.length)]);
      for (const stmt of [...FEATURES_MIGRATION, ...COUNTS_MIGRATION]) await db.query(stmt);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.close();
    }
  }, 120_000);
});
