import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { memoryStore } from "./arena-deps.mock";
import { exportStream, importCleanBattles, parseCleanBattles } from "./clean-battle";

let a: SqlVoteStore;
let b: SqlVoteStore;
beforeAll(async () => {
  [a, b] = await Promise.all([memoryStore(), memoryStore()]);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const rec = (i: number, over: Record<string, unknown> = {}) => ({
  question_id: `q${i}`,
  model_a: `m${i % 3}`,
  model_b: `m${(i + 1) % 3}`,
  winner: ["model_a", "model_b", "tie", "tie (bothbad)"][i % 4],
  judge: "arena_user_1",
  turn: 1,
  anony: i % 5 !== 0,
  language: "English",
  tstamp: 1_700_000_000 + i,
  conversation_a: [
    { role: "user", content: `q ${i}` },
    { role: "assistant", content: "a" },
  ],
  conversation_b: [
    { role: "user", content: `q ${i}` },
    { role: "assistant", content: "b" },
  ],
  ...over,
});

describe("clean-battle export / import", () => {
  it("imports JSONL, re-import adds nothing, export → import into another store round-trips", async () => {
    const jsonl = Array.from({ length: 1234 }, (_, i) => JSON.stringify(rec(i))).join("\n") + "\n";
    expect(await importCleanBattles(a, jsonl)).toEqual({ received: 1234, imported: 1234, duplicates: 0 });
    expect(await importCleanBattles(a, jsonl)).toEqual({ received: 1234, imported: 0, duplicates: 1234 });
    expect(await a.countVotes()).toBe(1234);

    const json = await new Response(exportStream(a, {}, "json", 500)).text();
    const arr = JSON.parse(json) as Array<Record<string, unknown>>;
    expect(arr).toHaveLength(1234);
    expect(arr[7]).toMatchObject({ ...rec(7), counted: true });
    expect(await importCleanBattles(b, json)).toMatchObject({ imported: 1234 });
    expect(await new Response(exportStream(b, {}, "json", 500)).text()).toBe(json);
    // exporting from b and importing back into a changes nothing
    expect(await importCleanBattles(a, await new Response(exportStream(b, {}, "jsonl")).text())).toMatchObject({
      imported: 0,
    });

    const anonyLines = (await new Response(exportStream(a, { anonyOnly: true }, "jsonl")).text()).trim().split("\n");
    expect(anonyLines).toHaveLength(1234 - Math.ceil(1234 / 5));
    expect(anonyLines.every((l) => JSON.parse(l).anony === true)).toBe(true);
  });

  it("exports an empty store as []", async () => {
    const empty = await memoryStore();
    expect(JSON.parse(await new Response(exportStream(empty, {}, "json")).text())).toEqual([]);
    expect(await new Response(exportStream(empty, {}, "jsonl")).text()).toBe("");
    await empty.close();
  }, 120_000);

  it("validates per line with line numbers and imports nothing on any error", async () => {
    const before = await b.countVotes();
    const lines = [
      JSON.stringify(rec(5000)),
      "",
      "{not json",
      JSON.stringify(rec(5001, { winner: "left" })),
      JSON.stringify(rec(5002, { anony: "yes" })),
    ];
    let err: (Error & { code?: string; details?: { errors: Array<{ line: number }> } }) | undefined;
    try {
      await importCleanBattles(b, lines.join("\n"));
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe("bad_request:import");
    expect(err?.details?.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(err?.message).toMatch(/line 4: winner/);
    expect(await b.countVotes()).toBe(before);
    expect(() => parseCleanBattles(JSON.stringify([rec(1), { ...rec(2), tstamp: "x" }]))).toThrow(/line 2: tstamp/);
    expect(() => parseCleanBattles("[1,")).toThrow(/Invalid JSON/);
  });

  it("import keeps a record's conv_metadata, computes it where missing, tags categories; export carries both", async () => {
    const store = await memoryStore();
    try {
      const meta = {
        sum_assistant_a_tokens: 10,
        sum_assistant_b_tokens: 4,
        header_count_a: { h1: 1, h2: 0 },
        header_count_b: 0,
        list_count_a: 2,
        list_count_b: 0,
        bold_count_a: 0,
        bold_count_b: { "**": 1, __: 0 },
        sum_user_tokens: 3,
        turns: 1,
      };
      const given = rec(1, { conv_metadata: meta, category_tag: { "math_v0.1": { math: true } } });
      const computed = rec(2, {
        conversation_a: [
          { role: "user", content: "Write a Python function" },
          { role: "assistant", content: "## Steps\n1. a\n2. b" },
        ],
      });
      await importCleanBattles(store, [given, computed].map((r) => JSON.stringify(r)).join("\n"));
      const out = (await new Response(exportStream(store, {}, "jsonl")).text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(out[0].conv_metadata).toEqual(meta);
      expect(out[0].categories).toEqual(expect.arrayContaining(["math", "english"]));
      expect(out[1].conv_metadata).toMatchObject({ header_count_a: { h2: 1 }, list_count_a: { ordered: 2 }, turns: 1 });
      expect(out[1].categories).toContain("coding");
      expect(() =>
        parseCleanBattles(JSON.stringify(rec(3, { conv_metadata: { sum_assistant_a_tokens: "many" } }))),
      ).toThrow(/conv_metadata/);
    } finally {
      await store.close();
    }
  });
});
