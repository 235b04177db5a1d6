import { describe, expect, it, vi } from "vitest";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { chunk, type ProviderAdapter } from "./adapters/types";
import type { ModelEntry } from "./config";

// Count the characters the stop search looks at: the attack is an answer in very many small chunks
// with stop sequences, where searching the whole answer on every chunk costs quadratic time.
const searched = vi.hoisted(() => ({ chars: 0, calls: 0 }));
vi.mock("@/lib/chat-protocol/chunks", async (orig) => {
  const real = await orig<typeof import("@/lib/chat-protocol/chunks")>();
  return {
    ...real,
    applyStop: (text: string, stop: string[] | undefined) => {
      searched.chars += text.length;
      searched.calls++;
      return real.applyStop(text, stop);
    },
  };
});
const { streamEntry } = await import("./stream");

const entry = {
  name: "m",
  provider: "openai",
  model: "m",
  params: {},
  arena: { anonymousOnly: false, weight: 1, neverPairWith: [] },
  timeoutMs: 60_000,
} as unknown as ModelEntry;

/** An upstream that sends `n` one-character chunks and then "STOP!" split over two chunks. */
function upstream(n: number): ProviderAdapter {
  return {
    async *stream() {
      for (let i = 0; i < n; i++) yield chunk("u", "m", String.fromCharCode(97 + (i % 26)));
      yield chunk("u", "m", "ST");
      yield chunk("u", "m", "OP! after");
      yield chunk("u", "m", undefined, "stop");
    },
  };
}

describe("stop sequences over a long stream", () => {
  it("searches only the new tail: 32k chunks with 4 stops cost linear work, and the cut is exact", async () => {
    const n = 32_000;
    const stops = ["zzzz-never", "qqqq-never", "xxxx-never", "STOP!"];
    searched.chars = 0;
    searched.calls = 0;
    let text = "";
    let last: ChatCompletionChunk | undefined;
    for await (const c of streamEntry(
      entry,
      { messages: [{ role: "user", content: "go" }], stop: stops },
      new AbortController().signal,
      upstream(n),
    )) {
      text += c.choices[0]?.delta.content ?? "";
      last = c;
    }
    expect(text.length).toBe(n);
    expect(text.at(-1)).toBe(String.fromCharCode(97 + ((n - 1) % 26))); // nothing of "STOP!" leaked
    expect(last?.choices[0].finish_reason).toBe("stop");
    expect(searched.calls).toBe(n + 2);
    // Whole-answer search would look at about n²/2 = 512 million characters; the tail search at most
    // (longest stop − 1 + chunk length) per chunk.
    expect(searched.chars).toBeLessThan((n + 2) * 20);
  });
});
