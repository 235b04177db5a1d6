import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SseParser } from "@/lib/sse";
import type { SqlVoteStore } from "@/lib/votes/sql-store";
import { makeDeps, memoryStore, remoteModel } from "./arena-deps.mock";
import { createBattle } from "./battles";
import type { ArenaDeps } from "./deps";
import { streamSide } from "./stream";
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
        if (kind === "local") expect(b.sides[s]).toEqual({ kind: "local", model: { id: tiny.id, backend: "transformers", displayName: "Tiny chat" } });
      }
      expect(b.sequential).toBe(false);
    }
  });

  it("named battles validate the models", async () => {
    const ok = await createBattle(deps, { mode: "named", localModels: [tiny], modelA: "remote:gpt-4o-mini", modelB: tiny.id }, null);
    expect(ok.sides).toEqual({ a: { kind: "remote", model: "gpt-4o-mini" }, b: { kind: "local", model: { id: tiny.id, backend: "transformers", displayName: "Tiny chat" } } });
    await expect(createBattle(deps, { mode: "named", localModels: [], modelA: "remote:secret-model", modelB: "remote:gpt-4o-mini" }, null)).rejects.toMatchObject({ code: "forbidden:arena" });
    await expect(createBattle(deps, { mode: "named", localModels: [], modelA: "remote:nope", modelB: "remote:gpt-4o-mini" }, null)).rejects.toMatchObject({ code: "not_found:model" });
    await expect(createBattle(deps, { mode: "named", localModels: [], modelA: "remote:gpt-4o-mini", modelB: "remote:gpt-4o-mini" }, null)).rejects.toMatchObject({ code: "bad_request:arena" });
    await expect(createBattle(deps, { mode: "anonymous", localModels: [], modelA: "remote:gpt-4o-mini" }, null)).rejects.toMatchObject({ code: "bad_request:arena" });
  });

  it("two local models: sequential unless the client's budget fits both", async () => {
    const only = makeDeps(store, { models: [remoteModel("down", { available: false })] });
    await expect(createBattle(only, { mode: "anonymous", localModels: [tiny, small] }, null)).rejects.toMatchObject({ code: "unavailable:arena" });
    const seq = await createBattle(only, { mode: "anonymous", localModels: [tiny, small], allowTwoLocal: true }, null);
    expect(seq.sequential).toBe(true);
    const fits = await createBattle(only, { mode: "anonymous", localModels: [tiny, small], localBudgetMB: 2000 }, null);
    expect(fits.sequential).toBe(false);
    const tight = await createBattle(only, { mode: "anonymous", localModels: [tiny, small], localBudgetMB: 1000 }, null);
    expect(tight.sequential).toBe(true);
  });
});

describe("side streaming", () => {
  const msgs = [{ role: "user" as const, content: "ping" }];
  const remoteBattle = () =>
    createBattle(makeDeps(store, { models: [remoteModel("gpt-4o-mini"), remoteModel("claude-haiku")] }), { mode: "anonymous", localModels: [] }, null);

  it("streams an anonymous remote side without its model name", async () => {
    const b = await remoteBattle();
    const res = await streamSide(deps, b.battleId, { token: b.token, side: "a", messages: msgs }, new AbortController().signal);
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
    const { events, text } = await readAll(await streamSide(d, b.battleId, { token: b.token, side, messages: msgs }, new AbortController().signal));
    expect(events.at(-1)?.event).toBe("error");
    expect(text).not.toContain("dies-midway");
    const other = side === "a" ? "b" : "a";
    await expect(streamSide(d, b.battleId, { token: b.token, side: other, messages: msgs }, new AbortController().signal)).rejects.toSatisfy(
      (e: Error & { code?: string }) => e.code === "upstream:provider" && !e.message.includes("broken-model"),
    );
  });

  it("rejects local sides, bad tokens, voted and unknown battles", async () => {
    const sig = new AbortController().signal;
    const l = await createBattle(deps, { mode: "named", localModels: [tiny], modelA: tiny.id, modelB: "remote:gpt-4o-mini" }, null);
    await expect(streamSide(deps, l.battleId, { token: l.token, side: "a", messages: msgs }, sig)).rejects.toMatchObject({ code: "bad_request:arena" });
    await expect(streamSide(deps, l.battleId, { token: "x", side: "b", messages: msgs }, sig)).rejects.toMatchObject({ status: 401 });
    const other = await remoteBattle();
    await expect(streamSide(deps, l.battleId, { token: other.token, side: "b", messages: msgs }, sig)).rejects.toMatchObject({ status: 403 });
    await expect(streamSide(deps, "nope", { token: l.token, side: "b", messages: msgs }, sig)).rejects.toMatchObject({ status: 404 });
    const [v] = await submitVotes(deps, [{ idempotencyKey: `k-${l.battleId}`, battleId: l.battleId, token: l.token, winner: "tie", turn: 1, tstamp: 1, conversation_a: [], conversation_b: [] }]);
    expect(v.status).toBe("stored");
    await expect(streamSide(deps, l.battleId, { token: l.token, side: "b", messages: msgs }, sig)).rejects.toMatchObject({ status: 409 });
  });
});
