import { describe, expect, it } from "vitest";
import { FakeEngine } from "@/lib/engines/fake-engine";
import { JoustError } from "@/lib/errors";
import type { ChatEngine } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { BattleRunner, type BattleSideSource, type SideId } from "./battle-runner";

const ALPHA: ModelDescriptor = {
  id: "fake:alpha",
  backend: "fake",
  displayName: "Fake Alpha",
  backendModelId: "alpha",
};
const BETA: ModelDescriptor = { id: "fake:beta", backend: "fake", displayName: "Fake Beta", backendModelId: "beta" };

/** A side backed by a FakeEngine, logging loads/releases and stream activity. */
function fakeSide(model: ModelDescriptor, log: string[], delayMs = 2): BattleSideSource & { engine: FakeEngine } {
  const engine = new FakeEngine(model, delayMs);
  let loaded = false;
  return {
    engine,
    async acquire(onProgress) {
      if (!loaded) {
        log.push(`load ${model.id}`);
        await engine.load(onProgress);
        loaded = true;
      }
      return wrap(engine, log);
    },
    async release() {
      log.push(`release ${model.id}`);
      loaded = false;
      await engine.unload();
    },
  };
}

function wrap(engine: ChatEngine, log: string[]): ChatEngine {
  return {
    modelId: engine.modelId,
    capabilities: engine.capabilities,
    load: (p) => engine.load(p),
    unload: () => engine.unload(),
    async *stream(req, opts) {
      log.push(`start ${engine.modelId}`);
      for await (const c of engine.stream(req, opts)) yield c;
      log.push(`end ${engine.modelId}`);
    },
  };
}

function runner(sequential: boolean, log: string[] = [], a = fakeSide(ALPHA, log), b = fakeSide(BETA, log)) {
  return new BattleRunner({ a, b }, { sequential, params: { max_tokens: 6 } });
}

describe("BattleRunner", () => {
  it("streams the same prompt into both sides at once", async () => {
    const log: string[] = [];
    const r = runner(false, log);
    let bothStreaming = false;
    r.subscribe(() => {
      const s = r.getSnapshot();
      if (s.a.status === "streaming" && s.b.status === "streaming") bothStreaming = true;
    });
    await r.send("hello");
    const s = r.getSnapshot();
    expect(bothStreaming).toBe(true);
    expect(s.turn).toBe(1);
    expect(s.busy).toBe(false);
    expect(s.a.messages[0]).toEqual({ role: "user", content: "hello" });
    expect(s.b.messages[0]).toEqual({ role: "user", content: "hello" });
    expect(s.a.messages[1].content).toMatch(/^Fake Alpha says: you wrote "hello"/);
    expect(s.b.messages[1].content).toMatch(/^Fake Beta says: you wrote "hello"/);
    expect(s.a.finishReason).toBe("length");
    expect(log.indexOf("start fake:beta")).toBeLessThan(log.indexOf("end fake:alpha"));
  });

  it("runs sequential sides one after the other, freeing the first before loading the second", async () => {
    const log: string[] = [];
    const r = runner(true, log);
    await r.send("hi");
    expect(log).toEqual([
      "release fake:beta",
      "load fake:alpha",
      "start fake:alpha",
      "end fake:alpha",
      "release fake:alpha",
      "load fake:beta",
      "start fake:beta",
      "end fake:beta",
    ]);
    expect(r.getSnapshot().b.messages[1].content).toContain("Fake Beta");
  });

  it("continues multi-turn with each side's own history, and regenerates both last answers", async () => {
    const r = runner(false);
    await r.send("one");
    await r.send("two");
    const { a, b } = r.conversations();
    expect(a.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(b[2]).toEqual({ role: "user", content: "two" });
    expect(a[3].content).toContain('you wrote "two"');
    expect(r.getSnapshot().turn).toBe(2);
    const before = r.conversations().a.length;
    await r.regenerate();
    expect(r.conversations().a).toHaveLength(before);
    expect(r.conversations().a[3].content).toContain('you wrote "two"');
    expect(r.getSnapshot().turn).toBe(2);
  });

  it("stop keeps the partial answers; clear empties both sides", async () => {
    const log: string[] = [];
    const r = new BattleRunner({ a: fakeSide(ALPHA, log, 20), b: fakeSide(BETA, log, 20) }, { sequential: false });
    const done = r.send("long");
    await new Promise((res) => {
      const off = r.subscribe(() => {
        if ((r.getSnapshot().a.messages[1]?.content.length ?? 0) > 0) {
          off();
          res(null);
        }
      });
    });
    r.stop();
    await done;
    const s = r.getSnapshot();
    expect(s.a.finishReason).toBe("abort");
    expect(s.a.messages[1].content.length).toBeGreaterThan(0);
    expect(s.a.messages[1].content.length).toBeLessThan(100);
    await r.clear();
    expect(r.getSnapshot()).toMatchObject({ turn: 0, a: { messages: [] }, b: { messages: [] } });
  });

  it("keeps the conversation when one side fails and reports its typed error", async () => {
    const log: string[] = [];
    const broken: BattleSideSource = {
      acquire: async () => {
        throw new JoustError("upstream:provider", "The provider failed.");
      },
    };
    const r = new BattleRunner(
      { a: fakeSide(ALPHA, log), b: broken },
      { sequential: false, params: { max_tokens: 3 } },
    );
    await r.send("x");
    const s = r.getSnapshot();
    expect(s.a.status).toBe("done");
    expect(s.b).toMatchObject({ status: "error", error: { code: "upstream:provider" } });
    expect(s.b.messages).toEqual([{ role: "user", content: "x" }]);
    await expect(r.send("  ")).rejects.toMatchObject({ code: "bad_request:arena" });
  });

  it("reports load progress as a number only", async () => {
    const r = runner(false);
    const seen: Record<SideId, number[]> = { a: [], b: [] };
    r.subscribe(() => {
      const s = r.getSnapshot();
      for (const side of ["a", "b"] as const)
        if (s[side].loadProgress !== undefined) seen[side].push(s[side].loadProgress!);
    });
    await r.send("p");
    expect(seen.a).toContain(1);
    expect(seen.b).toContain(0.5);
  });
});
