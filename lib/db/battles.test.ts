import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { recordVote } from "@/lib/arena/outbox";
import { JoustDB, type LocalBattle } from "./client-db";
import { getBattle, recentBattles, saveOpenBattle } from "./battles";

const db = new JoustDB(`joust-battles-${crypto.randomUUID()}`);
afterEach(() => db.battles.clear().then(() => db.outbox.clear()));

const battle = (id: string, createdAt: number, answer = "hi"): Omit<LocalBattle, "status"> => ({
  id,
  mode: "named",
  token: "t",
  createdAt,
  modelA: "fake:alpha",
  modelB: "remote:stub-gpt",
  conversationA: [
    { role: "user", content: "q" },
    { role: "assistant", content: answer },
  ],
  conversationB: [{ role: "user", content: "q" }],
  params: {},
});

describe("battles", () => {
  it("saves open battles as they progress and lists the newest first", async () => {
    await saveOpenBattle(db, battle("b1", 1));
    await saveOpenBattle(db, battle("b2", 2));
    await saveOpenBattle(db, battle("b1", 1, "longer answer"));
    expect(await getBattle(db, "b1")).toMatchObject({
      status: "open",
      conversationA: [{}, { content: "longer answer" }],
    });
    expect((await recentBattles(db)).map((b) => b.id)).toEqual(["b2", "b1"]);
  });

  it("never reopens or rewrites a voted battle", async () => {
    await saveOpenBattle(db, battle("b1", 1));
    await recordVote(db, { battle: battle("b1", 1, "final"), winner: "model_a" });
    await saveOpenBattle(db, battle("b1", 1, "changed after the vote"));
    expect(await getBattle(db, "b1")).toMatchObject({ status: "voted", conversationA: [{}, { content: "final" }] });
  });
});
