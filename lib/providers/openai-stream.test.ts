import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "@/lib/engines/types";
import { JoustError } from "@/lib/errors";
import { streamChat, streamChatBatches } from "./index";
import { setConfigForTests } from "./config";
import { startUpstream, stubConfig, stubReply, type StubHandle } from "./test-stub";

let stub: StubHandle;
beforeAll(async () => {
  stub = await startUpstream();
  stubConfig(stub.url);
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user" as const, content }], ...extra });

async function runBatches(name: string, req = ask("hello there"), signal = new AbortController().signal) {
  const batches: ChatCompletionChunk[][] = [];
  let error: JoustError | undefined;
  try {
    for await (const b of streamChatBatches(name, req, signal)) batches.push(b);
  } catch (e) {
    error = e as JoustError;
  }
  const chunks = batches.flat();
  return { batches, chunks, error, text: chunks.map((c) => c.choices[0]?.delta.content ?? "").join("") };
}

// The stub gives every request its own id; `created` is the clock.
const withoutTime = (c: ChatCompletionChunk) => ({ ...c, id: c.id.startsWith("chatcmpl-") ? "id" : c.id, created: 0 });

describe.each(["gpt", "mistral", "local"])("%s passthrough (streamChatBatches)", (kind) => {
  it("gives exactly the chunks the SDK path gives, batched per upstream read", async () => {
    const sdk: ChatCompletionChunk[] = [];
    for await (const c of streamChat(kind, ask("hello there"), new AbortController().signal)) sdk.push(c);
    const r = await runBatches(kind);
    expect(r.error).toBeUndefined();
    expect(r.chunks.map(withoutTime)).toEqual(sdk.map(withoutTime));
    expect(r.text).toBe(stubReply("hello there"));
    expect(r.chunks.at(-1)?.choices[0].finish_reason).toBe("stop");
    expect(r.chunks.at(-1)?.usage?.completion_tokens).toBe(16);
    expect(r.chunks.every((c) => c.model === kind)).toBe(true);
    expect(r.batches.length).toBeLessThan(r.chunks.length);
  });

  it("honours max_tokens with finish_reason length", async () => {
    const r = await runBatches(kind, ask("hello there", { max_tokens: 5 }));
    expect(r.text).toBe(stubReply("hello there", 5));
    expect(r.chunks.at(-1)?.choices[0].finish_reason).toBe("length");
  });

  it("a stream cut mid-event is a typed upstream error after the partial text", async () => {
    const r = await runBatches(`${kind}-cut`);
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.text.length).toBeGreaterThan(0);
    expect(stubReply("hello there").startsWith(r.text)).toBe(true);
  });

  it("maps 429 (with Retry-After), 500 and malformed JSON to typed errors before any output", async () => {
    const limited = await runBatches(`${kind}-429`);
    expect(limited.error?.code).toBe("rate_limit:provider");
    expect(limited.error?.details?.retryAfter).toBe(7);
    expect(limited.chunks).toHaveLength(0);
    const failed = await runBatches(`${kind}-500`);
    expect(failed.error?.code).toBe("upstream:provider");
    expect(failed.error?.details?.status).toBe(500);
    expect((await runBatches(`${kind}-malformed`)).error?.code).toBe("upstream:provider");
  });

  it("aborting the signal stops the upstream stream", async () => {
    const ctl = new AbortController();
    let got = 0;
    let error: JoustError | undefined;
    try {
      for await (const b of streamChatBatches(`${kind}-delay50`, ask("hi"), ctl.signal)) {
        got += b.length;
        if (got >= 2) ctl.abort();
      }
    } catch (e) {
      error = e as JoustError;
    }
    expect(error?.code).toBe("aborted:chat");
    expect(got).toBeLessThan(6);
  });
});

describe("passthrough limits", () => {
  it("an idle upstream times out as timeout:provider", async () => {
    expect((await runBatches("gpt-slow")).error?.code).toBe("timeout:provider");
  });

  it("a rejected key is upstream:provider without the key in the message", async () => {
    const r = await runBatches("gpt-wrongkey");
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.error?.details?.status).toBe(401);
    expect(r.error?.message).not.toContain("SECRET");
  });

  it("with a stop sequence it falls back to the exact stop enforcement", async () => {
    const r = await runBatches("gpt", ask("hello there", { stop: "char" }));
    expect(r.text).toBe(stubReply("hello there").split("char")[0]);
  });

  it("300 concurrent streams all complete (no per-origin connection cap queues them)", { timeout: 30_000 }, async () => {
    const rs = await Promise.all(Array.from({ length: 300 }, (_, i) => runBatches("gpt-long", ask(`stream ${i}`))));
    expect(rs.filter((r) => r.error)).toEqual([]);
    rs.forEach((r, i) => expect(r.text).toBe(stubReply(`stream ${i}`, 64)));
  });
});
