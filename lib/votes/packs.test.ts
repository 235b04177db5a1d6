import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JoustError } from "@/lib/errors";
import { rateBattles } from "@/lib/leaderboard/compute";
import { decoderOn } from "@/lib/leaderboard/decode-thread";
import { prewarm, rateIn } from "@/lib/leaderboard/off-thread";
import { DEFAULT_QUERY } from "@/lib/leaderboard/types";
import type { CompactBattles } from "@/lib/rating/types";
import { compileLeaderboardWorker } from "@/lib/testing/compile-worker";
import { decodeHere, type PackedDecoderFactory } from "./compact-sink";
import { votes } from "./feature-votes.mock";
import { packBounds } from "./packs-sql";
import type { SqlExecutor } from "./sql";
import { sqlBackends } from "./sql-backends.mock";
import { SqlVoteStore } from "./sql-store";
import type { VoteQuery } from "./types";

const backends = sqlBackends("p");

// The leaderboard worker compiled as the build emits it (off-thread decoding runs in it).
const dir = mkdtempSync(join(tmpdir(), "joust-packs-worker-"));
const workerFile = join(dir, "leaderboard.worker.mjs");
beforeAll(() => compileLeaderboardWorker(workerFile), 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUERIES: Array<[string, VoteQuery, boolean]> = [
  ["everything", {}, false],
  [
    "anonymous, counted, no client-attested",
    { anonyOnly: true, countedOnly: true, excludeClientAttested: true },
    false,
  ],
  ["no client-attested, without ties", { excludeClientAttested: true }, true],
];

/** The packed read equals the exact one (vote_features alone), but for style features rounded to float4 in packs. */
async function expectSameAsExact(
  store: SqlVoteStore,
  q: VoteQuery,
  excludeTies: boolean,
  decoder?: PackedDecoderFactory,
): Promise<CompactBattles> {
  const want = await store.compactBattles(q, { style: true, excludeTies, packs: false });
  const got = await store.compactBattles(q, { style: true, excludeTies, decoder });
  expect(got.length).toBe(want.length);
  expect(got.models).toEqual(want.models);
  expect([...got.a]).toEqual([...want.a]);
  expect([...got.b]).toEqual([...want.b]);
  expect([...got.outcome]).toEqual([...want.outcome]);
  // Packed rows carry float4 features; rows no pack covers are read exact.
  const wrong = [...(got.styleDiff ?? [])].filter((x, i) => {
    const w = (want.styleDiff as Float64Array)[i];
    return x !== w && x !== Math.fround(w);
  });
  expect(wrong).toEqual([]);
  expect(got.styleDiff?.length).toBe(want.styleDiff?.length);
  expect(got.styleSkipped).toBe(want.styleSkipped);
  return got;
}

/**
 * Runs `read` with `store`'s transactions watched: the statements they run, the COPYs apart, each COPY's text
 * passed through `rewrite` first.
 */
async function watched(store: SqlVoteStore, read: () => Promise<unknown>, rewrite = (sql: string) => sql) {
  const queries: string[] = [];
  const copies: string[] = [];
  const db = store.db;
  const transaction = db.transaction.bind(db);
  const watch = ({ query, copyOut }: SqlExecutor): SqlExecutor => ({
    query: <R>(text: string, params?: unknown[]) => (queries.push(text), query<R>(text, params)),
    copyOut: copyOut && ((sql, onData) => (copies.push(sql), copyOut(rewrite(sql), onData))),
  });
  const spy = vi
    .spyOn(db, "transaction")
    .mockImplementation(<R>(fn: (tx: SqlExecutor) => Promise<R>) => transaction((tx) => fn(watch(tx))));
  try {
    await read();
    return { queries, copies };
  } finally {
    spy.mockRestore();
  }
}

const idOf = async (store: SqlVoteStore, question: string) =>
  (await store.db.query<{ id: string }>("SELECT id FROM votes WHERE question_id = $1", [question]))[0].id;

describe.each(backends)("vote_feature_packs on %s", (name, open) => {
  let store: SqlVoteStore;
  const test = open ? it : it.skip;
  beforeAll(async () => {
    if (!open) return;
    store = await SqlVoteStore.open(await open());
    store.packRows = 16;
    await store.insertVotes(votes(400, 1));
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  test("packs the table in full pieces, leaves the tail, and reads the same battles through them", async () => {
    expect(await packBounds(store.db)).toEqual([]);
    expect(await store.sealPacks()).toBe(25);
    const packs = await packBounds(store.db);
    expect(packs.map((p) => p.n)).toEqual(Array(25).fill(16));
    for (let i = 1; i < packs.length; i++) expect(packs[i].lo).toEqual(packs[i - 1].hi);
    expect(packs[0].lo[0]).toBe(Number.NEGATIVE_INFINITY);
    await store.insertVotes(votes(10, 2).map((v, i) => ({ ...v, tstamp: 1_800_000_000 + i })));
    expect(await store.sealPacks()).toBe(0); // 10 rows: not a full pack
    for (const [, q, noTies] of QUERIES) {
      const got = await expectSameAsExact(store, q, noTies);
      expect(got.length).toBeGreaterThan(50);
      expect(got.styleSkipped).toBeGreaterThan(0);
    }
  });

  test("a vote inserted into a packed range, changed or deleted drops its pack, and sealing closes the gap", async () => {
    const before = await packBounds(store.db);
    // Three votes with an old time stamp: inside the range of one pack.
    await store.insertVotes(votes(3, 3).map((v) => ({ ...v, tstamp: 1_700_000_050 })));
    const after = await packBounds(store.db);
    expect(after).toHaveLength(before.length - 1);
    const dropped = before.find((p) => !after.some((q) => q.lo[0] === p.lo[0] && q.lo[1] === p.lo[1]));
    expect(dropped?.lo[0]).toBeLessThan(1_700_000_050);
    expect(dropped?.hi[0]).toBeGreaterThanOrEqual(1_700_000_050);
    for (const [, q, noTies] of QUERIES) await expectSameAsExact(store, q, noTies);

    // Changed (a flag) and deleted: each drops the pack holding the vote.
    await store.sealPacks();
    expect(await packBounds(store.db)).toHaveLength(before.length);
    await store.db.query("UPDATE votes SET counted = NOT counted WHERE id = $1", [await idOf(store, "q10100")]);
    expect(await packBounds(store.db)).toHaveLength(before.length - 1);
    await store.db.query("DELETE FROM votes WHERE id = $1", [await idOf(store, "q10300")]);
    expect(await packBounds(store.db)).toHaveLength(before.length - 2);
    for (const [, q, noTies] of QUERIES) await expectSameAsExact(store, q, noTies);

    // The gaps are packed again, the pieces exactly their ranges' rows.
    expect(await store.sealPacks()).toBe(2);
    const sealed = await packBounds(store.db);
    expect(sealed).toHaveLength(before.length);
    expect(sealed.reduce((n, p) => n + p.n, 0)).toBe(400 + 3 - 1);
    for (const [, q, noTies] of QUERIES) await expectSameAsExact(store, q, noTies);
  });

  test("the style-controlled board through packs matches the exact one to float4 rounding", async () => {
    const q = { ...DEFAULT_QUERY, anony: false, rounds: 5, minBattles: 30 };
    const exact = rateBattles(
      { kind: "compact", battles: await store.compactBattles({}, { style: true, packs: false }) },
      q,
      7,
    );
    const packed = rateBattles({ kind: "compact", battles: await store.compactBattles({}, { style: true }) }, q, 7);
    expect(packed.board.models.map((m) => m.model)).toEqual(exact.board.models.map((m) => m.model));
    packed.board.models.forEach((m, i) => {
      expect(Math.abs(m.rating - exact.board.models[i].rating)).toBeLessThan(1e-3);
      expect(Math.abs(m.lower - exact.board.models[i].lower)).toBeLessThan(1e-3);
    });
    expect(packed.board.style?.skipped).toBe(exact.board.style?.skipped);
  });

  test("rows decoded in the leaderboard worker, while this thread fetches, are the rows decoded here", async () => {
    let spawned = 0;
    const spawn = () => (spawned++, new Worker(workerFile));
    const q = { ...DEFAULT_QUERY, anony: false, rounds: 3, minBattles: 0 };
    for (const [, vq, noTies] of QUERIES) {
      const decoder = prewarm(spawn, { ...q, excludeTies: noTies });
      expect(decoder).toBeDefined();
      const before = spawned;
      const battles = await expectSameAsExact(store, vq, noTies, decoder);
      // The computation takes the worker that decoded its input (its arrays are shared memory, not copied).
      const { board } = await rateIn(spawn, { kind: "compact", battles }, { ...q, excludeTies: noTies }, 3);
      expect(spawned).toBe(before);
      expect(board).toEqual(rateBattles({ kind: "compact", battles }, { ...q, excludeTies: noTies }, 3).board);
    }
    // A plain query reads counts, not rows: nothing to decode.
    expect(prewarm(spawn, { ...q, style: false })).toBeUndefined();
  }, 120_000);

  test("a decoding worker that stops, before the read ends or before it starts, never hangs it: the read is done again here", async () => {
    // Stopped while the read hands it rows.
    const worker = new Worker(workerFile);
    let released = 0,
      made = 0;
    const decoder = decoderOn(worker, () => released++);
    const stopping: PackedDecoderFactory = (capacity, style, filter) => {
      made++;
      const d = decoder(capacity, style, filter);
      return {
        add: (rows, float) => d.add(rows, float),
        addCopy: (chunk) => d.addCopy(chunk),
        finish: async (names) => {
          await worker.terminate();
          return d.finish(names);
        },
        abort: d.abort,
      };
    };
    await expectSameAsExact(store, {}, false, stopping);
    expect([made, released]).toEqual([1, 1]);

    // A worker that cannot load its file (it is gone before the first row): the same.
    const missing = new Worker(new URL("./no-such.worker.mjs", import.meta.url));
    missing.on("error", () => undefined);
    await new Promise((r) => missing.once("exit", r));
    let freed = 0;
    await expectSameAsExact(
      store,
      {},
      false,
      decoderOn(missing, () => freed++),
    );
    expect(freed).toBe(1);

    // What the decoder reports as its own failure (a malformed row, say) still fails the read.
    const broken: PackedDecoderFactory = (capacity, style, filter) => ({
      ...decodeHere(capacity, style, filter),
      finish: async () => {
        throw new JoustError("internal:leaderboard", "malformed");
      },
    });
    await expect(store.compactBattles({}, { style: true, decoder: broken })).rejects.toThrow("malformed");
  }, 60_000);

  test("PostgreSQL sends the packs by COPY BINARY, never as text; PGlite by a query", async () => {
    const { queries, copies } = await watched(store, () => expectSameAsExact(store, {}, false));
    const textReads = queries.filter((t) => t.includes("SELECT data FROM vote_feature_packs"));
    if (name === "postgres") {
      // Both lanes copy (25 packs: 4 COPYs of up to 8 packs, alternating).
      expect(copies).toHaveLength(4);
      expect(copies.every((c) => c.startsWith("COPY (SELECT data FROM vote_feature_packs"))).toBe(true);
      expect(copies[0]).toContain("('-Infinity'::float8, 0::int8)");
      expect(textReads).toEqual([]);
    } else {
      expect(copies).toEqual([]);
      expect(textReads).toHaveLength(4);
    }
  });

  // A COPY exists on PostgreSQL only.
  if (name === "postgres")
    test("a COPY that fails midway fails the read, stops the decoding and leaves every connection usable", async () => {
      const worker = new Worker(workerFile);
      let released = 0;
      // The first pack's rows arrive; the next pack fails on the server.
      const failing = (sql: string) =>
        sql.replace("SELECT data FROM", "SELECT CASE WHEN lo_t > '-Infinity' THEN (1 / 0)::text ELSE data END FROM");
      try {
        // More failed reads than the pool (4) has connections: one held back by a failed COPY would hang the next.
        for (let i = 0; i < 3; i++) {
          const decoder = i === 0 ? decoderOn(worker, () => released++) : undefined;
          const read = watched(store, () => store.compactBattles({}, { style: true, decoder }), failing);
          await expect(read).rejects.toThrow(/division by zero/);
        }
        expect(released).toBe(1);
        await expectSameAsExact(store, {}, false);
      } finally {
        await worker.terminate();
      }
    }, 60_000);

  // Concurrent writers need a server (PGlite has one connection): PostgreSQL only.
  if (name === "postgres")
    test("packs sealed while votes land in their ranges never miss a vote", async () => {
      await store.db.query("DELETE FROM vote_feature_packs");
      const writes = (async () => {
        for (let k = 0; k < 8; k++)
          await store.insertVotes(votes(5, 20 + k).map((v, i) => ({ ...v, tstamp: 1_700_000_000 + 13 * k + i })));
      })();
      await Promise.all([writes, store.sealPacks(), store.sealPacks()]);
      await store.sealPacks();
      const total = (await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM vote_features"))[0].n;
      const packs = await packBounds(store.db);
      // Whatever the interleaving, every row is read once: packs and the tail together hold the table.
      for (const [, q, noTies] of QUERIES) await expectSameAsExact(store, q, noTies);
      expect(packs.reduce((n, p) => n + p.n, 0)).toBeLessThanOrEqual(total);
      expect(packs.reduce((n, p) => n + p.n, 0)).toBeGreaterThan(total - 16);
    }, 60_000);
});
