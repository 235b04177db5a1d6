import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chatPOST } from "@/app/api/chat/route";
import type { JoustError } from "@/lib/errors";
import { setConfigForTests } from "@/lib/providers/config";
import { startUpstream, stubConfig, stubReply, type StubHandle } from "@/lib/providers/test-stub";
import { RemoteEngine } from "./remote-engine";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";

let stub: StubHandle;
const seen: Array<{ url: string; body: Record<string, unknown> }> = [];
/** Dispatches RemoteEngine's fetch to the real /api/chat route handler. */
const routeFetch: typeof fetch = async (input, init) => {
  seen.push({ url: String(input), body: JSON.parse(String(init?.body)) });
  return chatPOST(new Request(`http://joust.test${String(input)}`, init));
};

beforeAll(async () => {
  stub = await startUpstream();
  stubConfig(stub.url);
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});

const model = (name: string, extra: Partial<ModelDescriptor> = {}): ModelDescriptor => ({
  id: `remote:${name}`,
  backend: "remote",
  displayName: name,
  backendModelId: name,
  ...extra,
});
const ask = { messages: [{ role: "user" as const, content: "hi you" }] };

async function drain(
  engine: RemoteEngine,
  signal?: AbortSignal,
  onChunk?: (c: ChatCompletionChunk, i: number) => void,
) {
  const chunks: ChatCompletionChunk[] = [];
  let error: JoustError | undefined;
  try {
    for await (const c of engine.stream(ask, { signal })) {
      chunks.push(c);
      onChunk?.(c, chunks.length);
    }
  } catch (e) {
    error = e as JoustError;
  }
  return { chunks, error, text: chunks.map((c) => c.choices[0]?.delta.content ?? "").join("") };
}

describe("RemoteEngine", () => {
  it("streams a remote model through /api/chat as engine chunks", async () => {
    const engine = new RemoteEngine(model("claude"), { fetch: routeFetch });
    await engine.load();
    expect(engine.capabilities).toMatchObject({ backend: "remote", device: "server" });
    const r = await drain(engine);
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(stubReply("hi you"));
    expect(r.chunks.at(-1)?.choices[0].finish_reason).toBe("stop");
    expect(seen.at(-1)).toMatchObject({ url: "/api/chat", body: { model: "claude" } });
  });

  it("posts to another endpoint with extra body fields", async () => {
    const engine = new RemoteEngine(model("gpt"), {
      fetch: routeFetch,
      endpoint: "/api/arena/battles/b1/stream",
      extraBody: { side: "a" },
    });
    await drain(engine);
    expect(seen.at(-1)).toMatchObject({ url: "/api/arena/battles/b1/stream", body: { model: "gpt", side: "a" } });
  });

  it("HTTP errors and mid-stream error events are typed", async () => {
    const rl = await drain(new RemoteEngine(model("gemini-429"), { fetch: routeFetch }));
    expect(rl.error?.code).toBe("rate_limit:provider");
    expect(rl.error?.details?.retryAfter).toBe(7);
    const cut = await drain(new RemoteEngine(model("gpt-cut"), { fetch: routeFetch }));
    expect(cut.error?.code).toBe("upstream:provider");
    expect(cut.text.length).toBeGreaterThan(0);
    expect(stubReply("hi you").startsWith(cut.text)).toBe(true);
  });

  it("a stream that stops without [DONE] is upstream:provider after the partial text", async () => {
    const partial: typeof fetch = async () =>
      new Response(
        'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\ndata: {"id":"x","obj',
        {
          headers: { "content-type": "text/event-stream" },
        },
      );
    const r = await drain(new RemoteEngine(model("gpt"), { fetch: partial }));
    expect(r.text).toBe("Hel");
    expect(r.error?.code).toBe("upstream:provider");
  });

  it("Stop aborts the request and ends with an abort finish", async () => {
    const ctl = new AbortController();
    const r = await drain(
      new RemoteEngine(model("gpt-delay50"), { fetch: routeFetch }),
      ctl.signal,
      (_c, i) => i === 2 && ctl.abort(),
    );
    expect(r.error).toBeUndefined();
    expect(r.chunks.at(-1)?.choices[0].finish_reason).toBe("abort");
    expect(r.chunks.length).toBeLessThan(6);
  });

  it("an unavailable model fails at load with its reason; a dead server is offline", async () => {
    await expect(
      new RemoteEngine(model("x", { available: false, unavailableReason: "no key" })).load(),
    ).rejects.toMatchObject({ code: "unavailable:provider" });
    const dead: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    expect((await drain(new RemoteEngine(model("gpt"), { fetch: dead }))).error?.code).toBe("offline:api");
  });
});
