import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { vote } from "@/lib/votes/vote-fixture.mock";
import { getVoteStore, resetVoteStore } from "@/lib/votes/store";
import { backfill } from "./backfill-votes";

const dir = mkdtempSync(join(tmpdir(), "joust-backfill-"));
afterAll(async () => {
  await resetVoteStore();
  rmSync(dir, { recursive: true, force: true });
});

describe("vote backfill", () => {
  it("adds conv_metadata and categories to stored votes that have none, and leaves the others", async () => {
    process.env.JOUST_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    const store = await getVoteStore();
    const given = {
      sum_assistant_a_tokens: 1,
      sum_assistant_b_tokens: 2,
      header_count_a: 0,
      header_count_b: 0,
      list_count_a: 0,
      list_count_b: 0,
      bold_count_a: 0,
      bold_count_b: 0,
    };
    await store.insertVotes([
      vote(1, {
        conversation_a: [
          { role: "user", content: "Write a Python function to sort a list" },
          { role: "assistant", content: "## Plan\n- a\n**b**" },
        ],
      }),
      vote(2, { conv_metadata: given, categories: ["math"] }),
    ]);
    // A bulk load that bypassed the leaderboard's feature table (its trigger off).
    await store.db.query("ALTER TABLE votes DISABLE TRIGGER votes_features_insert");
    await store.insertVotes([vote(3, { conv_metadata: given })]);
    await store.db.query("ALTER TABLE votes ENABLE TRIGGER votes_features_insert");
    expect((await store.compactBattles({}, { style: true })).length).toBe(1);
    await resetVoteStore();
    expect(await backfill([])).toBe(0);
    await resetVoteStore();
    const votes = await (await getVoteStore()).listVotes();
    const v1 = votes.find((v) => v.question_id === "q1")!,
      v2 = votes.find((v) => v.question_id === "q2")!;
    expect(v1.conv_metadata).toMatchObject({
      header_count_a: { h2: 1 },
      list_count_a: { unordered: 1 },
      bold_count_a: { "**": 1 },
    });
    expect(v1.categories).toEqual(expect.arrayContaining(["coding", "english"]));
    expect(v2.conv_metadata).toEqual(given);
    expect(v2.categories).toEqual(["math"]);
    // The feature table followed the new conv_metadata (q1) and gained the vote it lacked (q3).
    const battles = await (await getVoteStore()).compactBattles({}, { style: true });
    expect(battles.length).toBe(3);
    expect(battles.styleSkipped).toBe(0);
  }, 120_000);
});
