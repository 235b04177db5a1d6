import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JoustDB } from "./client-db";
import {
  appendMessage,
  createConversation,
  deleteConversation,
  getMessages,
  listConversations,
  NEW_CHAT_TITLE,
  renameConversation,
  titleFrom,
  truncateAfter,
} from "./conversations";

let db: JoustDB;
beforeEach(async () => {
  db = new JoustDB(`test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe("Dexie schema", () => {
  it("has the tables and indexes the chat relies on", () => {
    expect(db.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["battles", "conversations", "customModels", "messages", "outbox"]),
    );
    expect(db.conversations.schema.indexes.map((i) => i.name)).toContain("updatedAt");
    expect(db.messages.schema.indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(["conversationId", "[conversationId+index]"]),
    );
  });
});

describe("conversation queries", () => {
  it("creates with defaults and appends messages in order", async () => {
    const c = await createConversation({ modelId: "fake:alpha" }, db);
    expect(c.title).toBe(NEW_CHAT_TITLE);
    expect(c.systemPrompt).toBe("");
    await appendMessage(c.id, { role: "user", content: "one" }, db);
    await appendMessage(c.id, { role: "assistant", content: "two" }, db);
    await appendMessage(c.id, { role: "user", content: "three" }, db);
    const msgs = await getMessages(c.id, db);
    expect(msgs.map((m) => [m.index, m.role, m.content])).toEqual([
      [0, "user", "one"],
      [1, "assistant", "two"],
      [2, "user", "three"],
    ]);
  });

  it("lists newest first, bumping a conversation when a message is added", async () => {
    const a = await createConversation({ modelId: "m", title: "A" }, db);
    await new Promise((r) => setTimeout(r, 5));
    const b = await createConversation({ modelId: "m", title: "B" }, db);
    expect((await listConversations("", db)).map((c) => c.title)).toEqual(["B", "A"]);
    await new Promise((r) => setTimeout(r, 5));
    await appendMessage(a.id, { role: "user", content: "hi" }, db);
    expect((await listConversations("", db)).map((c) => c.id)).toEqual([a.id, b.id]);
  });

  it("renames, ignoring blank titles", async () => {
    const c = await createConversation({ modelId: "m", title: "Old" }, db);
    await renameConversation(c.id, "  New name ", db);
    expect((await db.conversations.get(c.id))?.title).toBe("New name");
    await renameConversation(c.id, "   ", db);
    expect((await db.conversations.get(c.id))?.title).toBe("New name");
  });

  it("delete cascades to the conversation's messages only", async () => {
    const a = await createConversation({ modelId: "m" }, db);
    const b = await createConversation({ modelId: "m" }, db);
    await appendMessage(a.id, { role: "user", content: "a1" }, db);
    await appendMessage(a.id, { role: "assistant", content: "a2" }, db);
    await appendMessage(b.id, { role: "user", content: "b1" }, db);
    await deleteConversation(a.id, db);
    expect(await db.conversations.get(a.id)).toBeUndefined();
    expect(await db.messages.where("conversationId").equals(a.id).count()).toBe(0);
    expect((await getMessages(b.id, db)).map((m) => m.content)).toEqual(["b1"]);
  });

  it("searches titles and message text, case-insensitively", async () => {
    const a = await createConversation({ modelId: "m", title: "Rust lifetimes" }, db);
    const b = await createConversation({ modelId: "m", title: "Dinner" }, db);
    await createConversation({ modelId: "m", title: "Other" }, db);
    await appendMessage(b.id, { role: "assistant", content: "Try a RISOTTO with mushrooms" }, db);
    expect((await listConversations("rust", db)).map((c) => c.id)).toEqual([a.id]);
    expect((await listConversations("risotto", db)).map((c) => c.id)).toEqual([b.id]);
    expect(await listConversations("nothing-matches", db)).toEqual([]);
    expect(await listConversations("  ", db)).toHaveLength(3);
  });

  it("truncates after a position", async () => {
    const c = await createConversation({ modelId: "m" }, db);
    for (const t of ["0", "1", "2", "3"]) await appendMessage(c.id, { role: "user", content: t }, db);
    await truncateAfter(c.id, 1, db);
    expect((await getMessages(c.id, db)).map((m) => m.content)).toEqual(["0", "1"]);
    await appendMessage(c.id, { role: "user", content: "next" }, db);
    expect((await getMessages(c.id, db)).map((m) => m.index)).toEqual([0, 1, 2]);
  });

  it("titles from the first message", () => {
    expect(titleFrom("  hello\n world ")).toBe("hello world");
    expect(titleFrom("x".repeat(100))).toHaveLength(48);
    expect(titleFrom("")).toBe(NEW_CHAT_TITLE);
  });
});
