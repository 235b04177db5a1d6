import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { useGeneration } from "@/lib/stores/generation";
import { LIVE_TEXT_MS, runTurn } from "./controller";
import type { TurnOptions, TurnResult } from "./generate";

vi.mock("@/lib/engines/registry", () => ({ loadEngine: vi.fn() }));

const model: ModelDescriptor = {
  id: "fake:alpha",
  backend: "fake",
  displayName: "Fake Alpha",
  backendModelId: "alpha",
};
const result = (content: string): TurnResult => ({ messageId: "m1", content, finishReason: "stop", stats: {} });

describe("runTurn live text", () => {
  afterEach(() => vi.useRealTimers());

  it("coalesces a burst of deltas into one store update per interval, and leaves nothing behind after the turn", async () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const unsubscribe = useGeneration.subscribe((s, prev) => {
      if (s.text !== prev.text && s.text) seen.push(s.text);
    });
    let text = "";
    const turn = runTurn("c1", model, async (opts: TurnOptions) => {
      opts.onStart?.("m1");
      for (let i = 0; i < 100; i++) opts.onText?.((text += `t${i} `)); // 100 tokens in one task
      expect(seen).toEqual([]);
      await vi.advanceTimersByTimeAsync(LIVE_TEXT_MS);
      expect(seen).toEqual([text]);
      opts.onText?.((text += "last"));
      return result(text);
    });
    expect((await turn)?.content).toBe(text);
    expect(text.endsWith("last")).toBe(true);
    await vi.advanceTimersByTimeAsync(LIVE_TEXT_MS * 2);
    unsubscribe();
    // The pending "last" delta was dropped with the timer: the stored answer shows once idle.
    expect(seen).toHaveLength(1);
    expect(useGeneration.getState()).toMatchObject({ phase: "idle", text: "" });
  });
});
