import { describe, expect, it } from "vitest";
import { makeChunk } from "@/lib/chat-protocol/chunks";
import { runWithStats } from "./run-stats";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import type { ChatEngine } from "@/lib/engines/types";

function engineOf(chunks: ChatCompletionChunk[], clock: { t: number }, stepMs: number): ChatEngine {
  return {
    modelId: "m",
    capabilities: { backend: "fake", device: "cpu" },
    load: async () => undefined,
    unload: async () => undefined,
    async *stream() {
      for (const c of chunks) {
        clock.t += stepMs;
        yield c;
      }
    },
  };
}

describe("runWithStats", () => {
  it("measures TTFT and decode tokens/s from the stream and its usage", async () => {
    const clock = { t: 0 };
    const chunks = [
      makeChunk("x", "m", "Hel"),
      makeChunk("x", "m", "lo"),
      makeChunk("x", "m", " you"),
      makeChunk("x", "m", undefined, "length", { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 }),
    ];
    const seen: string[] = [];
    const r = await runWithStats(
      engineOf(chunks, clock, 10),
      { messages: [] },
      { now: () => clock.t, onText: (t) => seen.push(t) },
    );
    expect(r.text).toBe("Hello you");
    expect(seen).toEqual(["Hel", "Hello", "Hello you"]);
    expect(r.finishReason).toBe("length");
    expect(r.ttftMs).toBe(10);
    expect(r.completionTokens).toBe(3);
    expect(r.tokensPerSec).toBe(100); // 2 tokens after the first in 20 ms
    expect(r.promptTokens).toBe(5);
  });
});
