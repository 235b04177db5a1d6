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
  conversation_a: [{ role: "user", content: `q ${i}` }, { role: "assistant", content: "a" }],
  conversation_b: [{ role: "user", content: `q ${i}` }, { role: "assistant", content: "b" }],
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
    expect(await importCleanBattles(a, await new Response(exportStream(b, {}, "jsonl")).text())).toMatchObject({ imported: 0 });

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
    const lines = [JSON.stringify(rec(5000)), "", "{not json", JSON.stringify(rec(5001, { winner: "left" })), JSON.stringify(rec(5002, { anony: "yes" }))];
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
});
