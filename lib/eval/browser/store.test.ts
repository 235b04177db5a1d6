import "fake-indexeddb/auto";
import Dexie from "dexie";
import { describe, expect, it } from "vitest";
import { JoustDB } from "@/lib/db/client-db";
import { createRun, deleteRun, latestRun, listAnswers, listRuns, saveAnswer, saveError, updateRun } from "./store";

describe("Dexie v2 (evaluation tables)", () => {
  it("upgrades a v1 database in place: chat data kept, eval tables added", async () => {
    const name = `joust-upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      conversations: "id, updatedAt, title",
      messages: "id, conversationId, [conversationId+index]",
      customModels: "id, addedAt",
      battles: "id, createdAt, status",
      outbox: "idempotencyKey, battleId, state, nextAttemptAt, createdAt",
    });
    await v1.table("conversations").add({ id: "c1", title: "kept", updatedAt: 1 });
    v1.close();

    const db = new JoustDB(name);
    expect((await db.conversations.get("c1"))?.title).toBe("kept");
    expect(db.verno).toBe(2);
    expect(db.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["evalRuns", "evalAnswers", "evalJudgments", "evalErrors"]),
    );
    expect(await latestRun(db)).toBeNull();
    const run = await createRun(db, { source: "s", questions: [{ question_id: 1, category: "x", turns: ["t"] }] });
    await saveError(db, run.id, "answer", "m|1", "m · question 1", { code: "upstream:provider", message: "502" });
    await saveAnswer(
      db,
      run.id,
      { question_id: 1, answer_id: "a", model_id: "m", choices: [{ index: 0, turns: ["x"] }], tstamp: 0 },
      12,
    );
    await saveAnswer(
      db,
      run.id,
      { question_id: 1, answer_id: "b", model_id: "m", choices: [{ index: 0, turns: ["y"] }], tstamp: 0 },
      10,
    );
    expect((await listAnswers(db, run.id)).map((r) => r.answer.answer_id)).toEqual(["b"]);
    expect(await db.evalErrors.count()).toBe(0); // a later success clears the question's error
    expect((await latestRun(db))!.questionMs).toEqual({ m: [12, 10] });

    // A second run becomes the latest; opening (touching) the first brings it back; deleting removes its rows.
    const other = await createRun(db, { source: "t", questions: [{ question_id: 9, category: "x", turns: ["t"] }] });
    expect((await latestRun(db))!.id).toBe(other.id);
    await new Promise((r) => setTimeout(r, 2));
    await updateRun(db, run.id, {});
    expect((await listRuns(db)).map((r) => r.id)).toEqual([run.id, other.id]);
    await deleteRun(db, run.id);
    expect((await listRuns(db)).map((r) => r.id)).toEqual([other.id]);
    expect(await db.evalAnswers.count()).toBe(0);
    db.close();
  });
});
