import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { streamChat } from "./remote-chat";
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

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [
    { role: "system" as const, content: "Be brief." },
    { role: "user" as const, content },
  ],
  ...extra,
});

async function run(name: string, req = ask("hello there")) {
  const chunks: ChatCompletionChunk[] = [];
  let error: JoustError | undefined;
  try {
    for await (const c of streamChat(name, req, new AbortController().signal)) chunks.push(c);
  } catch (e) {
    error = e as JoustError;
  }
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
  return { chunks, text, error, last: chunks[chunks.length - 1] };
}

describe.each(["gpt", "claude", "gemini", "mistral", "local"])("%s adapter against the stub", (kind) => {
  it("streams the deterministic reply with finish and usage", async () => {
    const r = await run(kind);
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(stubReply("hello there"));
    expect(r.last.choices[0].finish_reason).toBe("stop");
    expect(r.last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(r.chunks.every((c) => c.model === kind)).toBe(true);
  });

  it("honours max_tokens with finish_reason length", async () => {
    const r = await run(kind, ask("hello there", { max_tokens: 5 }));
    expect(r.text).toBe(stubReply("hello there", 5));
    expect(r.last.choices[0].finish_reason).toBe("length");
  });

  it("enforces stop sequences exactly even though the upstream ignores them", async () => {
    const r = await run(kind, ask("hello there", { stop: ["char"] }));
    expect(r.text).toBe(stubReply("hello there").split("char")[0]);
    expect(r.text.endsWith(" ")).toBe(true);
    expect(r.last.choices[0].finish_reason).toBe("stop");
  });

  it("a stream cut mid-event gives a typed upstream error after the partial text", async () => {
    const r = await run(`${kind}-cut`);
    expect(r.error).toBeInstanceOf(JoustError);
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.text.length).toBeGreaterThan(0);
    expect(stubReply("hello there").startsWith(r.text)).toBe(true);
  });

  it("429 becomes rate_limit:provider with retryAfter", async () => {
    const r = await run(`${kind}-429`);
    expect(r.error?.code).toBe("rate_limit:provider");
    expect(r.error?.details?.retryAfter).toBe(7);
    expect(r.chunks).toHaveLength(0);
  });

  it("500 becomes upstream:provider", async () => {
    const r = await run(`${kind}-500`);
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.error?.details?.status).toBe(500);
  });

  it("malformed JSON in the stream becomes upstream:provider", async () => {
    const r = await run(`${kind}-malformed`);
    expect(r.error?.code).toBe("upstream:provider");
  });

  it("aborting the signal stops the upstream stream", async () => {
    const ctl = new AbortController();
    const got: string[] = [];
    let error: JoustError | undefined;
    try {
      for await (const c of streamChat(`${kind}-delay50`, ask("hi"), ctl.signal)) {
        got.push(c.choices[0]?.delta.content ?? "");
        if (got.length === 2) ctl.abort();
      }
    } catch (e) {
      error = e as JoustError;
    }
    expect(error?.code).toBe("aborted:chat");
    expect(got.length).toBeLessThan(6);
  });
});

describe("provider errors", () => {
  it("an idle upstream times out as timeout:provider", async () => {
    const r = await run("gpt-slow");
    expect(r.error?.code).toBe("timeout:provider");
  });

  it("a rejected key is upstream:provider without the key in the message", async () => {
    const r = await run("gpt-wrongkey");
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.error?.message).toContain("rejected Joust's key");
    expect(JSON.stringify(r.error?.toJSON())).not.toMatch(/SECRET/);
  });

  it("unknown and disabled models are typed errors", async () => {
    expect((await run("nope")).error?.code).toBe("not_found:model");
  });

  it("a stop sequence split across tokens is still honoured", async () => {
    const r = await run("gpt-long", ask("hello there", { stop: "o bra" }));
    expect(r.text).toBe(stubReply("hello there", 64).split("o bra")[0]);
  });
});

describe("collect", () => {
  it("collects a whole reply", async () => {
    const r = await collect(streamChat("claude", ask("a b c"), new AbortController().signal));
    expect(r.text).toBe(stubReply("a b c"));
  });
});
