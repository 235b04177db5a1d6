import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JoustDB } from "@/lib/db/client-db";
import { appendMessage, createConversation, getAllWithMessages } from "@/lib/db/conversations";
import { JoustError } from "@/lib/errors";
import { exportShareGpt, importShareGpt, parseShareGpt } from "./sharegpt";
import { conversationToMarkdown } from "./markdown-export";

let db: JoustDB;
let other: JoustDB;
beforeEach(async () => {
  db = new JoustDB(`sg-${crypto.randomUUID()}`);
  other = new JoustDB(`sg-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
  await other.delete();
});

async function seed() {
  const a = await createConversation({ modelId: "fake:alpha", title: "Greetings", systemPrompt: "Be brief." }, db);
  await appendMessage(a.id, { role: "user", content: "Hi" }, db);
  await appendMessage(a.id, { role: "assistant", content: "Hello! ```js\nx\n```" }, db);
  await new Promise((r) => setTimeout(r, 5));
  const b = await createConversation({ modelId: "fake:beta", title: "Second" }, db);
  await appendMessage(b.id, { role: "user", content: "Q" }, db);
  await appendMessage(
    b.id,
    { role: "assistant", content: "", error: { code: "internal:engine", message: "boom" }, finishReason: "error" },
    db,
  );
}

async function errorOf(p: Promise<unknown>): Promise<JoustError> {
  try {
    await p;
  } catch (e) {
    return e as JoustError;
  }
  throw new Error("expected a rejection");
}

describe("ShareGPT export", () => {
  it("writes FastChat's shape with the system prompt first and failed empty answers left out", async () => {
    await seed();
    const data = JSON.parse(await exportShareGpt(db));
    expect(data).toHaveLength(2);
    expect(data[0].conversations).toEqual([{ from: "human", value: "Q" }]);
    expect(data[1].conversations).toEqual([
      { from: "system", value: "Be brief." },
      { from: "human", value: "Hi" },
      { from: "gpt", value: "Hello! ```js\nx\n```" },
    ]);
    expect(typeof data[1].id).toBe("string");
  });

  it("round-trips through import into another database", async () => {
    await seed();
    const text = await exportShareGpt(db);
    expect(await importShareGpt(text, "fake:alpha", other)).toBe(2);
    const back = await getAllWithMessages(other);
    expect(back.map((c) => [c.conversation.title, c.conversation.modelId, c.conversation.systemPrompt])).toEqual([
      ["Second", "fake:beta", ""],
      ["Greetings", "fake:alpha", "Be brief."],
    ]);
    expect(back[1].messages.map((m) => [m.index, m.role, m.content])).toEqual([
      [0, "user", "Hi"],
      [1, "assistant", "Hello! ```js\nx\n```"],
    ]);
    // Exporting the imported data gives the same turns.
    const again = JSON.parse(await exportShareGpt(other));
    const first = JSON.parse(text);
    expect(again.map((i: { conversations: unknown }) => i.conversations)).toEqual(
      first.map((i: { conversations: unknown }) => i.conversations),
    );
  });

  it("imports plain FastChat files (numeric ids, no titles) with titles from the first question", async () => {
    const n = await importShareGpt(
      JSON.stringify([
        {
          id: 7,
          conversations: [
            { from: "human", value: "What is 2+2?" },
            { from: "gpt", value: "4" },
          ],
        },
      ]),
      "fake:alpha",
      db,
    );
    expect(n).toBe(1);
    const [c] = await getAllWithMessages(db);
    expect(c.conversation.title).toBe("What is 2+2?");
    expect(c.conversation.modelId).toBe("fake:alpha");
  });
});

describe("ShareGPT import of bad files", () => {
  const good = { id: "1", conversations: [{ from: "human", value: "hi" }] };
  const cases: Array<[string, string, string]> = [
    ["not JSON", "{oops", "The file is not valid JSON"],
    ["not an array", JSON.stringify({ conversations: [] }), "The file must contain a JSON array of conversations"],
    [
      "bad role",
      JSON.stringify([
        good,
        good,
        {
          id: "3",
          conversations: [
            { from: "human", value: "a" },
            { from: "bot", value: "b" },
          ],
        },
      ]),
      "item 3: conversations[1].from must be human, gpt or system",
    ],
    [
      "missing value",
      JSON.stringify([{ conversations: [{ from: "gpt" }] }]),
      "item 1: conversations[0].value must be a string",
    ],
    ["missing conversations", JSON.stringify([good, { id: "x" }]), "item 2: conversations must be an array"],
  ];
  for (const [name, text, message] of cases) {
    it(`${name} → bad_request:import, nothing imported`, async () => {
      await seed();
      const before = await db.conversations.count();
      const beforeMsgs = await db.messages.count();
      const err = await errorOf(importShareGpt(text, "fake:alpha", db));
      expect(err).toBeInstanceOf(JoustError);
      expect(err.code).toBe("bad_request:import");
      expect(err.message).toContain(message);
      expect(await db.conversations.count()).toBe(before);
      expect(await db.messages.count()).toBe(beforeMsgs);
    });
  }

  it("a write failure part-way rolls the whole import back", async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      id: String(i),
      conversations: [{ from: "human", value: `q${i}` }],
    }));
    // Ids are drawn conversation, message, conversation, message, ...: give two messages the same id so the
    // messages bulkAdd fails after the conversations were already written in the same transaction.
    const orig = crypto.randomUUID.bind(crypto);
    let calls = 0;
    const spy = (crypto as { randomUUID: () => string }).randomUUID;
    (crypto as { randomUUID: () => string }).randomUUID = () =>
      (++calls === 2 || calls === 8 ? "dup" : orig()) as ReturnType<typeof orig>;
    try {
      const err = await errorOf(importShareGpt(JSON.stringify(items), "fake:alpha", db));
      expect(err).toBeInstanceOf(JoustError);
    } finally {
      (crypto as { randomUUID: () => string }).randomUUID = spy;
    }
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });

  it("parseShareGpt accepts the FastChat shape", () => {
    expect(parseShareGpt([good])).toEqual([good]);
  });
});

describe("Markdown export", () => {
  it("writes headings per turn, the system prompt and errors", async () => {
    await seed();
    const all = await getAllWithMessages(db);
    const md = conversationToMarkdown(all[1].conversation, all[1].messages);
    expect(md).toContain("# Greetings");
    expect(md).toContain("## System\n\nBe brief.");
    expect(md).toContain("## User\n\nHi");
    expect(md).toContain("## Assistant\n\nHello!");
    expect(conversationToMarkdown(all[0].conversation, all[0].messages)).toContain("_Error: boom_");
  });
});
