import { afterEach, describe, expect, it, vi } from "vitest";
import { makeChunk } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { CHUNK_BATCH_MS, ChunkBatcher } from "./worker-handler";

const text = (batches: ChatCompletionChunk[][]) =>
  batches.map((b) => b.map((c) => c.choices[0].delta.content ?? `<${c.choices[0].finish_reason}>`).join(""));

describe("ChunkBatcher", () => {
  afterEach(() => vi.useRealTimers());

  it("posts the first chunk at once, holds a burst until the window ends, and flushes on finish", () => {
    vi.useFakeTimers();
    let t = 0;
    const posted: ChatCompletionChunk[][] = [];
    const b = new ChunkBatcher(
      (c) => posted.push(c),
      () => t,
    );
    b.push(makeChunk("x", "m", "a"));
    expect(text(posted)).toEqual(["a"]);
    t = 2;
    b.push(makeChunk("x", "m", "b"));
    t = 4;
    b.push(makeChunk("x", "m", "c"));
    expect(text(posted)).toEqual(["a"]);
    t = CHUNK_BATCH_MS;
    vi.advanceTimersByTime(CHUNK_BATCH_MS);
    expect(text(posted)).toEqual(["a", "bc"]);
    t = CHUNK_BATCH_MS + 1;
    b.push(makeChunk("x", "m", "d"));
    b.push(makeChunk("x", "m", undefined, "stop"));
    expect(text(posted)).toEqual(["a", "bc", "d<stop>"]);
    vi.advanceTimersByTime(100);
    b.flush();
    expect(posted).toHaveLength(3);
  });

  it("a chunk after a quiet window goes out immediately", () => {
    let t = 0;
    const posted: ChatCompletionChunk[][] = [];
    const b = new ChunkBatcher(
      (c) => posted.push(c),
      () => t,
    );
    b.push(makeChunk("x", "m", "a"));
    t = CHUNK_BATCH_MS + 5;
    b.push(makeChunk("x", "m", "b"));
    expect(text(posted)).toEqual(["a", "b"]);
  });
});
