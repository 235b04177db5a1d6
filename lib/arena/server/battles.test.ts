import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { SseParser } from "@/lib/sse";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { makeDeps, memoryStore, remoteModel } from "./arena-deps.mock";
import { createBattle } from "./battles";
import type { ArenaDeps } from "./deps";
import { MAX_STREAMS_PER_ANSWER, MAX_TURNS, streamSide } from "./stream";
import { submitVotes } from "./votes";

let store: SqlVoteStore;
let deps: ArenaDeps;
beforeAll(async () => {
  store = await memoryStore();
  deps = makeDeps(store);
}, 120_000);
afterAll(() => store?.close());

const tiny = { id: "transformers:tiny-chat", backend: "transformers" as const, displayName: "Tiny chat", vramMB: 200 };
const small = { id: "webllm:small", backend: "webllm" as const, displayName: "Small", vramMB: 900 };

async function readAll(res: Response): Promise<{ events: Array<{ event: string; data: string }>; text: string }> {
  const text = await res.text();
  return { events: new SseParser().feed(text), text };
}

describe("battle creation", () => {
  it("anonymous battles hide remote names and store the pair", async () => {
    for (let i = 0; i < 30; i++) {
      const b = await createBattle(deps, { mode: "anonymous", localModels: [tiny] }, "ip:x");
      const json = JSON.stringify(b);
      expect(json).not.toMatch(/gpt-4o-mini|claude-haiku|secret-model/);
      const stored = await store.getBattle(b.battleId);
      expect(stored?.model_a).not.toBe(stored?.model_b);
      for (const s of ["a", "b"] as const) {
        const kind = stored!.params.sides[s];
        expect(b.sides[s].kind).toBe(kind);
        if (kind === "local")
          expect(b.sides[s]).toEqual({
            kind: "local",
            model: { id: tiny.id, backend: "transformers", displayName: "Tiny chat" },
          });
      }
      expect(b.sequential).toBe(false);
    }
  });

  it("named battles validate the models", async () => {
    const ok = await createBattle(
      deps,
      { mode: "named", localModels: [tiny], modelA: "remote:gpt-4o-mini", modelB: tiny.id },
      null,
    );
    expect(ok.sides).toEqual({
      a: { kind: "remote", model: "gpt-4o-mini" },
      b: { kind: "local", model: { id: tiny.id, backend: "transformers", displayName: "Tiny chat" } },
    });
    await expect(
      createBattle(
        deps,
        { mode: "named", localModels: [], modelA: "remote:secret-model", modelB: "remote:gpt-4o-mini" },
        null,
      ),
    ).rejects.toMatchObject({ code: "forbidden:arena" });
    await expect(
      createBattle(deps, { mode: "named", localModels: [], modelA: "remote:nope", modelB: "remote:gpt-4o-mini" }, null),
    ).rejects.toMatchObject({ code: "not_found:model" });
    await expect(
      createBattle(
        deps,
        { mode: "named", localModels: [], modelA: "remote:gpt-4o-mini", modelB: "remote:gpt-4o-mini" },
        null,
      ),
    ).rejects.toMatchObject({ code: "bad_request:arena" });
    await expect(
      createBattle(deps, { mode: "anonymous", localModels: [], modelA: "remote:gpt-4o-mini" }, null),
    ).rejects.toMatchObject({ code: "bad_request:arena" });
  });

  it("two local models: sequential unless the client's budget fits both", async () => {
    const only = makeDeps(store, { models: [remoteModel("down", { available: false })] });
    await expect(createBattle(only, { mode: "anonymous", localModels: [tiny, small] }, null)).rejects.toMatchObject({
      code: "unavailable:arena",
    });
    const seq = await createBattle(only, { mode: "anonymous", localModels: [tiny, small], allowTwoLocal: true }, null);
    expect(seq.sequential).toBe(true);
    const fits = await createBattle(only, { mode: "anonymous", localModels: [tiny, small], localBudgetMB: 2000 }, null);
    expect(fits.sequential).toBe(false);
    const tight = await createBattle(
      only,
      { mode: "anonymous", localModels: [tiny, small], localBudgetMB: 1000 },
      null,
    );
    expect(tight.sequential).toBe(true);
  });
});

describe("side streaming", () => {
  const msgs = [{ role: "user" as const, content: "ping" }];
  const remoteBattle = () =>
    createBattle(
      makeDeps(store, { models: [remoteModel("gpt-4o-mini"), remoteModel("claude-haiku")] }),
      { mode: "anonymous", localModels: [] },
      null,
    );

  it("streams an anonymous remote side without its model name", async () => {
    const b = await remoteBattle();
    const res = await streamSide(
      deps,
      b.battleId,
      { token: b.token, side: "a", messages: msgs },
      new AbortController().signal,
    );
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const { events, text } = await readAll(res);
    expect(text).not.toMatch(/gpt-4o-mini|claude-haiku|chatcmpl/);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.model === "model_a")).toBe(true);
    expect(chunks.map((c) => c.choices[0].delta.content).join("")).toBe("Reply from upstream: ping");
  });

  it("scrubs the model name from mid-stream errors", async () => {
    const d = makeDeps(store, { models: [remoteModel("dies-midway"), remoteModel("broken-model")] });
    const b = await createBattle(d, { mode: "anonymous", localModels: [] }, null);
    const stored = await store.getBattle(b.battleId);
    const side = stored!.model_a === "dies-midway" ? "a" : "b";
    const { events, text } = await readAll(
      await streamSide(d, b.battleId, { token: b.token, side, messages: msgs }, new AbortController().signal),
    );
    expect(events.at(-1)?.event).toBe("error");
    expect(text).not.toContain("dies-midway");
    const other = side === "a" ? "b" : "a";
    await expect(
      streamSide(d, b.battleId, { token: b.token, side: other, messages: msgs }, new AbortController().signal),
    ).rejects.toSatisfy(
      (e: Error & { code?: string }) => e.code === "upstream:provider" && !e.message.includes("broken-model"),
    );
  });

  it("rejects local sides, bad tokens, voted and unknown battles", async () => {
    const sig = new AbortController().signal;
    const l = await createBattle(
      deps,
      { mode: "named", localModels: [tiny], modelA: tiny.id, modelB: "remote:gpt-4o-mini" },
      null,
    );
    await expect(
      streamSide(deps, l.battleId, { token: l.token, side: "a", messages: msgs }, sig),
    ).rejects.toMatchObject({ code: "bad_request:arena" });
    await expect(streamSide(deps, l.battleId, { token: "x", side: "b", messages: msgs }, sig)).rejects.toMatchObject({
      status: 401,
    });
    const other = await remoteBattle();
    await expect(
      streamSide(deps, l.battleId, { token: other.token, side: "b", messages: msgs }, sig),
    ).rejects.toMatchObject({ status: 403 });
    await expect(streamSide(deps, "nope", { token: l.token, side: "b", messages: msgs }, sig)).rejects.toMatchObject({
      status: 404,
    });
    const [v] = await submitVotes(deps, [
      {
        idempotencyKey: `k-${l.battleId}`,
        battleId: l.battleId,
        token: l.token,
        winner: "tie",
        turn: 1,
        tstamp: 1,
        conversation_a: [],
        conversation_b: [],
      },
    ]);
    expect(v.status).toBe("stored");
    await expect(
      streamSide(deps, l.battleId, { token: l.token, side: "b", messages: msgs }, sig),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe("issue 16 attacks on battle creation and side streams", () => {
  const sig = () => new AbortController().signal;
  const msgs = [{ role: "user" as const, content: "ping" }];

  it("refuses in-browser models that carry a configured remote name or a foreign prefix", async () => {
    // The shown attack: two "local" models named like configured remote models, retried until both
    // sides are local, gave counted anonymous votes under those names.
    const forged = [
      { id: "gpt-4o-mini", backend: "webllm" as const, displayName: "x" },
      { id: "claude-haiku", backend: "transformers" as const, displayName: "x" },
      { id: "remote:gpt-4o-mini", backend: "webllm" as const, displayName: "x" },
      { id: "transformers:gpt-4o-mini", backend: "webllm" as const, displayName: "x" },
      { id: "webllm:x", backend: "remote" as const, displayName: "x" },
    ];
    for (const m of forged) {
      await expect(
        createBattle(deps, { mode: "anonymous", localModels: [m, small], allowTwoLocal: true }, null),
      ).rejects.toMatchObject({ code: "bad_request:arena" });
    }
    const custom = {
      id: "custom:transformers:https://example.org/m/",
      backend: "transformers" as const,
      displayName: "Mine",
    };
    const ok = await createBattle(
      deps,
      { mode: "named", localModels: [custom], modelA: custom.id, modelB: "remote:gpt-4o-mini" },
      null,
    );
    expect((await store.getBattle(ok.battleId))?.model_a).toBe(custom.id);
  });

  it("refuses fake and test models unless the server runs with JOUST_TEST_MODELS=1", async () => {
    const prod = makeDeps(store, { testModels: () => false });
    for (const m of [{ id: "fake:alpha", backend: "fake" as const, displayName: "Fake Alpha" }, tiny]) {
      await expect(createBattle(prod, { mode: "anonymous", localModels: [m] }, null)).rejects.toMatchObject({
        code: "forbidden:arena",
      });
    }
    await expect(createBattle(prod, { mode: "anonymous", localModels: [small] }, null)).resolves.toBeDefined();
    await expect(createBattle(deps, { mode: "anonymous", localModels: [tiny] }, null)).resolves.toBeDefined();
  });

  it("anonymous streams carry no upstream usage and no upstream status text; named ones keep usage", async () => {
    const d = makeDeps(store, {
      models: [remoteModel("vendor-x"), remoteModel("vendor-y")],
      streamChat: async function* (name) {
        yield {
          id: "u",
          object: "chat.completion.chunk",
          created: 1,
          model: name,
          choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null }],
        };
        yield {
          id: "u",
          object: "chat.completion.chunk",
          created: 1,
          model: name,
          choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
          usage: { prompt_tokens: 17, completion_tokens: 1, total_tokens: 18 },
        };
        throw new JoustError("upstream:provider", "Upstream error from vendor-x: HTTP 529 overloaded_error");
      },
    });
    const anon = await createBattle(d, { mode: "anonymous", localModels: [] }, null);
    const { text } = await readAll(
      await streamSide(d, anon.battleId, { token: anon.token, side: "a", messages: msgs }, sig()),
    );
    expect(text).toContain('"content":"hi"');
    // \b529\b: the status as a number, not digits inside the random battle id.
    expect(text).not.toMatch(/usage|prompt_tokens|\b529\b|overloaded|vendor/);
    expect(text).toMatch(/event: error/);
    const named = await createBattle(
      d,
      { mode: "named", localModels: [], modelA: "remote:vendor-x", modelB: "remote:vendor-y" },
      null,
    );
    const { text: t2 } = await readAll(
      await streamSide(d, named.battleId, { token: named.token, side: "a", messages: msgs }, sig()),
    );
    expect(t2).toContain('"prompt_tokens":17');
  });

  it("caps streams per answer (regenerations), turns, and applies the /v1 message limits", async () => {
    const d = makeDeps(store, { models: [remoteModel("gpt-4o-mini"), remoteModel("claude-haiku")] });
    const b = await createBattle(d, { mode: "anonymous", localModels: [] }, null);
    const body = { token: b.token, side: "a" as const, messages: msgs };
    for (let i = 0; i < MAX_STREAMS_PER_ANSWER; i++) await (await streamSide(d, b.battleId, body, sig())).text();
    await expect(streamSide(d, b.battleId, body, sig())).rejects.toMatchObject({
      code: "rate_limit:arena",
      status: 429,
    });
    // The next turn is a new answer: allowed again.
    const next = [...msgs, { role: "assistant" as const, content: "x" }, { role: "user" as const, content: "again" }];
    await expect(
      streamSide(d, b.battleId, { ...body, messages: next }, sig()).then((r) => r.text()),
    ).resolves.toContain("again");
    const long = Array.from({ length: MAX_TURNS }, () => [
      { role: "user" as const, content: "q" },
      { role: "assistant" as const, content: "a" },
    ]).flat();
    await expect(
      streamSide(d, b.battleId, { ...body, messages: [...long, { role: "user", content: "q" }] }, sig()),
    ).rejects.toMatchObject({ code: "bad_request:arena" });
    await expect(
      streamSide(d, b.battleId, { ...body, messages: [{ role: "user", content: "x".repeat(300_000) }] }, sig()),
    ).rejects.toMatchObject({ code: "context_overflow:api" });
    await expect(streamSide(d, b.battleId, { ...body, max_tokens: 1_000_000 }, sig())).rejects.toMatchObject({
      code: "bad_request:api",
    });
  });
});
