import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetRateLimitForTests } from "@/lib/api/limits";
import { setConfigForTests } from "@/lib/providers/config";
import { startUpstream, stubConfig, stubReply, type StubHandle } from "@/lib/providers/test-stub";
import { SseParser } from "@/lib/sse";
import { POST as chatPOST } from "./chat/completions/route";
import { POST as legacyPOST } from "./completions/route";
import { GET as modelsGET, OPTIONS as modelsOPTIONS } from "./models/route";
import { GET as publicModelsGET } from "../models/route";
import { POST as internalChatPOST } from "../chat/route";

let stub: StubHandle;
beforeAll(async () => {
  stub = await startUpstream();
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});
afterEach(() => {
  delete process.env.JOUST_API_KEYS;
  delete process.env.JOUST_CORS_ORIGINS;
  resetRateLimitForTests();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://joust.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const user = (content: string) => [{ role: "user", content }];

async function events(res: Response) {
  const parser = new SseParser();
  return parser.feed(await res.text());
}

describe("/api/v1 chat completions", () => {
  beforeAll(() => stubConfig(stub.url));

  it("non-streaming: OpenAI's response shape with usage", async () => {
    const res = await chatPOST(post("/api/v1/chat/completions", { model: "claude", messages: user("hi there") }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "claude",
      choices: [{ index: 0, message: { role: "assistant", content: stubReply("hi there") }, finish_reason: "stop" }],
    });
    expect(body.usage.completion_tokens).toBe(16);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 16);
  });

  it("streaming with n=2, stop and include_usage", async () => {
    const res = await chatPOST(
      post("/api/v1/chat/completions", {
        model: "gemini",
        messages: user("hi there"),
        n: 2,
        stream: true,
        stop: ["bravo"],
        stream_options: { include_usage: true },
      }),
    );
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const evs = await events(res);
    expect(evs.at(-1)?.data).toBe("[DONE]");
    const chunks = evs.slice(0, -1).map((e) => JSON.parse(e.data));
    const text = ["", ""];
    for (const c of chunks) for (const ch of c.choices) text[ch.index] += ch.delta.content ?? "";
    const expected = stubReply("hi there").split("bravo")[0];
    expect(text).toEqual([expected, expected]);
    const finishes = chunks.flatMap((c) =>
      c.choices.filter((ch: { finish_reason: string | null }) => ch.finish_reason),
    );
    expect(finishes.map((f: { index: number }) => f.index).sort()).toEqual([0, 1]);
    expect(
      chunks.filter((c) => c.choices.some((ch: { delta: { role?: string } }) => ch.delta.role === "assistant")),
    ).toHaveLength(2);
    const usage = chunks.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("max_completion_tokens limits the reply", async () => {
    const body = await (
      await chatPOST(post("/api/v1/chat/completions", { model: "gpt", messages: user("yo"), max_completion_tokens: 3 }))
    ).json();
    expect(body.choices[0]).toMatchObject({ message: { content: stubReply("yo", 3) }, finish_reason: "length" });
  });

  it("bad bodies are 400 invalid_request_error naming the param", async () => {
    const res = await chatPOST(post("/api/v1/chat/completions", { model: "gpt", messages: user("x"), temperature: 5 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: expect.stringContaining("temperature"),
        type: "invalid_request_error",
        param: "temperature",
        code: null,
      },
    });
    const bad = await chatPOST(post("/api/v1/chat/completions", "{not json"));
    expect(bad.status).toBe(400);
    const tool = await chatPOST(
      post("/api/v1/chat/completions", { model: "gpt", messages: [{ role: "tool", content: "x" }] }),
    );
    expect(tool.status).toBe(400);
  });

  it("unknown model is 404 model_not_found; upstream failures keep their meaning", async () => {
    const nf = await chatPOST(post("/api/v1/chat/completions", { model: "nope", messages: user("x") }));
    expect(nf.status).toBe(404);
    expect((await nf.json()).error.code).toBe("model_not_found");
    const rl = await chatPOST(
      post("/api/v1/chat/completions", { model: "claude-429", messages: user("x"), stream: true }),
    );
    expect(rl.status).toBe(429);
    expect(rl.headers.get("retry-after")).toBe("7");
    expect((await rl.json()).error.code).toBe("rate_limit_exceeded");
    const five = await chatPOST(post("/api/v1/chat/completions", { model: "gpt-500", messages: user("x") }));
    expect(five.status).toBe(502);
    const slow = await chatPOST(post("/api/v1/chat/completions", { model: "gpt-slow", messages: user("x") }));
    expect(slow.status).toBe(504);
  });

  it("a stream cut mid-way ends with an error event and no [DONE]", async () => {
    const res = await chatPOST(
      post("/api/v1/chat/completions", { model: "gpt-cut", messages: user("x y"), stream: true }),
    );
    expect(res.status).toBe(200);
    const evs = await events(res);
    expect(evs.some((e) => e.data === "[DONE]")).toBe(false);
    expect(JSON.parse(evs.at(-1)!.data).error.code).toBe("upstream_error");
  });

  it("limits: characters, messages, n and body size", async () => {
    const long = await chatPOST(post("/api/v1/chat/completions", { model: "gpt", messages: user("x".repeat(12_001)) }));
    expect(long.status).toBe(400);
    expect((await long.json()).error).toMatchObject({ code: "context_length_exceeded", param: "messages" });
    const many = await chatPOST(
      post("/api/v1/chat/completions", {
        model: "gpt",
        messages: Array.from({ length: 101 }, () => ({ role: "user", content: "a" })),
      }),
    );
    expect(many.status).toBe(400);
    const n = await chatPOST(post("/api/v1/chat/completions", { model: "gpt", messages: user("a"), n: 9 }));
    expect(n.status).toBe(400);
    expect((await n.json()).error.param).toBe("n");
    const huge = await chatPOST(
      post("/api/v1/chat/completions", { model: "gpt", messages: user("a".repeat(300_000)) }),
    );
    expect(huge.status).toBe(413);
  });

  it("legacy completions map onto chat", async () => {
    const body = await (
      await legacyPOST(post("/api/v1/completions", { model: "gpt", prompt: "Say this", max_tokens: 4, n: 2 }))
    ).json();
    expect(body.object).toBe("text_completion");
    expect(body.choices).toEqual([
      { text: stubReply("Say this", 4), index: 0, logprobs: null, finish_reason: "length" },
      { text: stubReply("Say this", 4), index: 1, logprobs: null, finish_reason: "length" },
    ]);
    const evs = await events(
      await legacyPOST(post("/api/v1/completions", { model: "claude", prompt: "Say this", stream: true })),
    );
    const text = evs
      .slice(0, -1)
      .map((e) => JSON.parse(e.data).choices[0].text)
      .join("");
    expect(text).toBe(stubReply("Say this"));
  });
});

describe("/api/v1 auth, CORS, rate limit and models", () => {
  it("requires a configured key", async () => {
    stubConfig(stub.url);
    process.env.JOUST_API_KEYS = "k-one, k-two";
    const none = await modelsGET(new Request("http://joust.test/api/v1/models"));
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
    const wrong = await chatPOST(
      post("/api/v1/chat/completions", { model: "gpt", messages: user("x") }, { authorization: "Bearer k-three" }),
    );
    expect(wrong.status).toBe(401);
    const ok = await modelsGET(
      new Request("http://joust.test/api/v1/models", { headers: { authorization: "Bearer k-two" } }),
    );
    expect(ok.status).toBe(200);
    const list = await ok.json();
    expect(list.object).toBe("list");
    expect(list.data.map((m: { id: string }) => m.id)).toContain("gpt");
  });

  it("answers CORS preflight for allowed origins only", async () => {
    process.env.JOUST_CORS_ORIGINS = "https://app.example";
    const ok = await modelsOPTIONS(
      new Request("http://joust.test/api/v1/models", { method: "OPTIONS", headers: { origin: "https://app.example" } }),
    );
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("access-control-allow-headers")).toContain("authorization");
    const no = await modelsOPTIONS(
      new Request("http://joust.test/api/v1/models", {
        method: "OPTIONS",
        headers: { origin: "https://evil.example" },
      }),
    );
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rate limits per client with 429 and Retry-After", async () => {
    stubConfig(stub.url, { limits: { ratePerSecond: 0.5, rateBurst: 2 } });
    process.env.JOUST_TRUSTED_PROXY_HOPS = "1"; // a proxy in front says who the client is
    const send = () =>
      chatPOST(
        post("/api/v1/chat/completions", { model: "gpt", messages: user("x") }, { "x-forwarded-for": "10.0.0.9" }),
      );
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const third = await send();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const other = await chatPOST(
      post("/api/v1/chat/completions", { model: "gpt", messages: user("x") }, { "x-forwarded-for": "10.0.0.10" }),
    );
    expect(other.status).toBe(200);
    // A client's own (leftmost) entry is not believed: the proxy's entry (rightmost) keys the bucket.
    const spoofed = await chatPOST(
      post(
        "/api/v1/chat/completions",
        { model: "gpt", messages: user("x") },
        { "x-forwarded-for": "1.2.3.4, 10.0.0.9" },
      ),
    );
    expect(spoofed.status).toBe(429);
    delete process.env.JOUST_TRUSTED_PROXY_HOPS;
  });

  it("GET /api/models shows availability without base URLs or key names", async () => {
    stubConfig(stub.url);
    const res = await publicModelsGET();
    const text = await res.text();
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toContain("T_OPENAI");
    expect(text).not.toContain("baseUrl");
    const { models } = JSON.parse(text);
    expect(models.find((m: { name: string }) => m.name === "claude")).toMatchObject({
      provider: "anthropic",
      available: true,
    });
  });
});

describe("/api/chat (our SSE format)", () => {
  beforeAll(() => stubConfig(stub.url));

  it("streams chunks then [DONE]", async () => {
    const res = await internalChatPOST(post("/api/chat", { model: "claude", messages: user("ab cd"), stop: "alpha" }));
    const evs = await events(res);
    expect(evs.at(-1)?.data).toBe("[DONE]");
    const text = evs
      .slice(0, -1)
      .map((e) => JSON.parse(e.data).choices[0]?.delta.content ?? "")
      .join("");
    expect(text).toBe(stubReply("ab cd").split("alpha")[0]);
  });

  it("fails before output with the typed HTTP error, mid-stream with event: error", async () => {
    const rl = await internalChatPOST(post("/api/chat", { model: "gpt-429", messages: user("x") }));
    expect(rl.status).toBe(429);
    expect(await rl.json()).toMatchObject({ error: { code: "rate_limit:provider", details: { retryAfter: 7 } } });
    const evs = await events(await internalChatPOST(post("/api/chat", { model: "claude-cut", messages: user("x") })));
    expect(evs.at(-1)?.event).toBe("error");
    expect(JSON.parse(evs.at(-1)!.data).error.code).toBe("upstream:provider");
  });
});
