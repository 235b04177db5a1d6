import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JoustDB } from "@/lib/db/client-db";
import { appendMessage, createConversation, getConversation, getMessages } from "@/lib/db/conversations";
import { FakeEngine } from "@/lib/engines/fake-engine";
import { makeChunk } from "@/lib/chat-protocol/chunks";
import { FAKE_MODELS } from "@/lib/models/catalog";
import { JoustError } from "@/lib/errors";
import type { ChatEngine, LoadProgress } from "@/lib/engines/types";
import type { ChatRequest } from "@/lib/chat-protocol/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { buildRequest, editAndResend, regenerate, sendMessage, type TurnOptions } from "./generate";

const MODEL = FAKE_MODELS[0];
let db: JoustDB;
beforeEach(() => {
  db = new JoustDB(`gen-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** A FakeEngine that records the requests it receives. */
function fakeLoader(seen: ChatRequest[] = [], delayMs = 1) {
  return async (model: ModelDescriptor, onProgress?: (p: LoadProgress) => void): Promise<ChatEngine> => {
    const engine = new FakeEngine(model, delayMs);
    await engine.load(onProgress);
    return {
      modelId: engine.modelId,
      capabilities: engine.capabilities,
      load: (p) => engine.load(p),
      unload: () => engine.unload(),
      stream: (req, o) => {
        seen.push(structuredClone(req));
        return engine.stream(req, o);
      },
    };
  };
}

function opts(conversationId: string, extra: Partial<TurnOptions> = {}): TurnOptions {
  return {
    conversationId,
    model: MODEL,
    signal: new AbortController().signal,
    loadEngine: fakeLoader(),
    db,
    persistEveryMs: 0,
    ...extra,
  };
}

describe("generate turn", () => {
  it("streams an answer, persists it with finish reason and stats, reports load progress, and titles the chat", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    const progress: LoadProgress[] = [];
    const texts: string[] = [];
    const phases: string[] = [];
    const r = await sendMessage(
      "hello there",
      opts(c.id, { onProgress: (p) => progress.push(p), onText: (t) => texts.push(t), onPhase: (p) => phases.push(p) }),
    );
    expect(r.finishReason).toBe("stop");
    expect(r.content).toContain('Fake Alpha says: you wrote "hello there".');
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.at(-1)).toBe(r.content);
    expect(progress.at(-1)?.progress).toBe(1);
    expect(phases).toEqual(["loading", "streaming"]);
    const msgs = await getMessages(c.id, db);
    expect(msgs.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(msgs[1]).toMatchObject({ content: r.content, finishReason: "stop", modelId: MODEL.id });
    expect(msgs[1].stats?.completionTokens).toBe(texts.length);
    expect(msgs[1].stats?.ttftMs).toBeGreaterThanOrEqual(0);
    expect(msgs[1].stats?.tokensPerSecond).toBeGreaterThan(0);
    expect((await getConversation(c.id, db))?.title).toBe("hello there");
  });

  it("sends system prompt, history and sampling parameters exactly, and honours the stop sequence", async () => {
    const seen: ChatRequest[] = [];
    const c = await createConversation(
      {
        modelId: MODEL.id,
        systemPrompt: "You are terse.",
        params: { temperature: 0.3, top_p: 0.9, max_tokens: 40, stop: ["wrote", ""], seed: 42 },
      },
      db,
    );
    await sendMessage("first", opts(c.id, { loadEngine: fakeLoader(seen) }));
    const r = await sendMessage("second", opts(c.id, { loadEngine: fakeLoader(seen) }));
    expect(seen[1]).toEqual({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "first" },
        { role: "assistant", content: "Fake Alpha says: you " },
        { role: "user", content: "second" },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 40,
      stop: ["wrote"],
      seed: 42,
    });
    expect(r.content).toBe("Fake Alpha says: you ");
    expect(r.finishReason).toBe("stop");
  });

  it("stop keeps the partial answer (persisted with finish reason abort)", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    const ctrl = new AbortController();
    let n = 0;
    const r = await sendMessage(
      "a long question",
      opts(c.id, { signal: ctrl.signal, onText: () => ++n === 3 && ctrl.abort() }),
    );
    expect(r.finishReason).toBe("abort");
    expect(r.error).toBeUndefined();
    expect(r.content.length).toBeGreaterThan(0);
    expect(r.content).toBe("Fake Alpha says: ");
    const msgs = await getMessages(c.id, db);
    expect(msgs[1]).toMatchObject({ content: "Fake Alpha says: ", finishReason: "abort" });
    expect(msgs[1].error).toBeUndefined();
  });

  it("an engine error keeps the conversation and stores a readable message by code", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    await appendMessage(c.id, { role: "user", content: "earlier" }, db);
    await appendMessage(c.id, { role: "assistant", content: "earlier answer" }, db);
    const failing = async (): Promise<ChatEngine> => ({
      modelId: MODEL.id,
      capabilities: { backend: "fake", device: "cpu", contextWindow: 4096 },
      load: async () => undefined,
      unload: async () => undefined,
      stream: async function* () {
        yield makeChunk("x", MODEL.id, "Par");
        throw new JoustError("context_overflow:engine", "prompt too long", { contextWindow: 4096 });
      },
    });
    const r = await sendMessage("too much", opts(c.id, { loadEngine: failing }));
    expect(r.finishReason).toBe("error");
    expect(r.error?.code).toBe("context_overflow:engine");
    const msgs = await getMessages(c.id, db);
    expect(msgs.map((m) => m.content)).toEqual(["earlier", "earlier answer", "too much", "Par"]);
    expect(msgs[3].error).toEqual({
      code: "context_overflow:engine",
      message:
        "This conversation is longer than the model's context window (4096 tokens). Start a new chat or shorten it.",
    });
    // Retry (regenerate) replaces the failed answer.
    const again = await regenerate(opts(c.id));
    expect(again.finishReason).toBe("stop");
    const after = await getMessages(c.id, db);
    expect(after).toHaveLength(4);
    expect(after[3].error).toBeUndefined();
    expect(after[3].content).toContain('you wrote "too much"');
  });

  it("a failed load is an error on the answer, not a lost conversation", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    const r = await sendMessage(
      "hi",
      opts(c.id, {
        loadEngine: async () => Promise.reject(new JoustError("unsupported:webgpu", "WebGPU is not available.")),
      }),
    );
    expect(r.finishReason).toBe("error");
    const msgs = await getMessages(c.id, db);
    expect(msgs[0].content).toBe("hi");
    expect(msgs[1].error?.code).toBe("unsupported:webgpu");
  });

  it("regenerate replaces only the last answer", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    await sendMessage("one", opts(c.id));
    await sendMessage("two", opts(c.id));
    const before = await getMessages(c.id, db);
    await regenerate(opts(c.id, { model: FAKE_MODELS[1] }));
    const after = await getMessages(c.id, db);
    expect(after).toHaveLength(4);
    expect(after.slice(0, 3).map((m) => m.id)).toEqual(before.slice(0, 3).map((m) => m.id));
    expect(after[3].id).not.toBe(before[3].id);
    expect(after[3].content).toContain('Fake Beta says: you wrote "two"');
  });

  it("edit and resend truncates after the edited message", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    await sendMessage("one", opts(c.id));
    await sendMessage("two", opts(c.id));
    const first = (await getMessages(c.id, db))[0];
    await editAndResend(first.id, "uno", opts(c.id));
    const after = await getMessages(c.id, db);
    expect(after.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(after[0].content).toBe("uno");
    expect(after[1].content).toContain('you wrote "uno"');
  });

  it("buildRequest leaves out empty (failed) answers and blank system prompts", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    await appendMessage(c.id, { role: "user", content: "q" }, db);
    await appendMessage(c.id, { role: "assistant", content: "", finishReason: "error" }, db);
    const conv = (await getConversation(c.id, db))!;
    expect(buildRequest(conv, await getMessages(c.id, db))).toEqual({ messages: [{ role: "user", content: "q" }] });
  });
});

describe("images and tool calls", () => {
  const url = "data:image/png;base64,AAAA";

  it("keeps a user turn's images, sends them with the history, and titles an image-only chat", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    const seen: ChatRequest[] = [];
    await sendMessage("", opts(c.id, { loadEngine: fakeLoader(seen) }), [url]);
    const msgs = await getMessages(c.id, db);
    expect(msgs[0]).toMatchObject({ role: "user", content: "", images: [url] });
    expect(seen[0].messages[0]).toEqual({ role: "user", content: "", images: [url] });
    expect((await getConversation(c.id, db))?.title).toBe("Image");
  });

  it("stores the tool calls a model streams, joined from their fragments", async () => {
    const c = await createConversation({ modelId: MODEL.id }, db);
    const frag = (tool_calls: NonNullable<ReturnType<typeof makeChunk>["choices"][0]["delta"]["tool_calls"]>) => {
      const ch = makeChunk("t", MODEL.id, undefined);
      ch.choices[0].delta.tool_calls = tool_calls;
      return ch;
    };
    const engine: ChatEngine = {
      modelId: MODEL.id,
      capabilities: { backend: "remote", device: "server" },
      load: async () => undefined,
      unload: async () => undefined,
      async *stream() {
        yield frag([{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }]);
        yield frag([{ index: 0, function: { arguments: '{"q":' } }]);
        yield frag([{ index: 0, function: { arguments: '"Oslo"}' } }]);
        yield makeChunk("t", MODEL.id, undefined, "tool_calls");
      },
    };
    const r = await sendMessage("weather?", opts(c.id, { loadEngine: async () => engine }));
    expect(r.finishReason).toBe("stop");
    const answer = (await getMessages(c.id, db))[1];
    expect(answer.toolCalls).toEqual([
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"q":"Oslo"}' } },
    ]);
  });
});
