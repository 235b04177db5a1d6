import { connect } from "node:net";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { stubConfig, stubReply } from "@/lib/providers/test-stub";
import { resetRateLimitForTests } from "./limits";
import { apiPortForTests } from "./api-port.mock";

// The dedicated API listener (JOUST_API_PORT) over real sockets, driven by the official `openai` client.
const api = apiPortForTests({ limits: { ratePerSecond: 1000, rateBurst: 1000, maxBodyBytes: 64 * 1024 } });
afterEach(() => {
  delete process.env.JOUST_API_KEYS;
  delete process.env.JOUST_CORS_ORIGINS;
  resetRateLimitForTests();
});

const client = (apiKey?: string, path?: string) => api.client(apiKey, path);
const user = (content: string) => [{ role: "user" as const, content }];
const stubStats = async () =>
  (await (await fetch(`${api.stub.url}/_stats`)).json()) as { open: number; dropped: number };

describe("API listener with the official openai client", () => {
  it("lists models and answers chat, streaming and not, on /v1 and /api/v1", async () => {
    const ids: string[] = [];
    for await (const m of client().models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(["gpt", "claude", "gemini", "mistral", "local"]));
    const r = await client("none", "/api/v1").chat.completions.create({ model: "local", messages: user("hi there") });
    expect(r.choices[0].message.content).toBe(stubReply("hi there"));
    expect(r.usage?.completion_tokens).toBe(16);
    const stream = await client().chat.completions.create({
      model: "gpt",
      messages: user("hi there"),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.delta?.content ?? "";
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe(stubReply("hi there"));
    expect(usage?.completion_tokens).toBe(16);
  });

  it("a stream's Server-Timing splits the time to first token between Joust and the upstream", async () => {
    // gpt-delay50: the stub waits 50 ms after each event, so its first token comes ≥ 50 ms after the request.
    const { data: stream, response } = await client()
      .chat.completions.create({ model: "gpt-delay50", messages: user("timed"), stream: true, max_tokens: 2 })
      .withResponse();
    const timing = /^joust;dur=(\d+\.\d\d), upstream;dur=(\d+\.\d\d)$/.exec(
      response.headers.get("server-timing") ?? "",
    );
    expect(timing).not.toBeNull();
    const [joust, upstream] = [Number(timing![1]), Number(timing![2])];
    expect(upstream).toBeGreaterThanOrEqual(45);
    expect(joust).toBeLessThan(upstream);
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
    expect(text).toBe(stubReply("timed", 2));
  });

  it("honours stop sequences and n > 1; legacy completions work", async () => {
    const r = await client().chat.completions.create({
      model: "local",
      messages: user("one two"),
      stop: ["charlie"],
      n: 2,
    });
    expect(r.choices.map((c) => c.message.content)).toEqual([0, 1].map(() => stubReply("one two").split("charlie")[0]));
    const c = await client().completions.create({ model: "claude", prompt: "Once upon", max_tokens: 5 });
    expect(c.choices[0].text).toBe(stubReply("Once upon", 5));
    expect(c.choices[0].finish_reason).toBe("length");
  });

  it("checks bearer keys (AuthenticationError) and bodies (BadRequestError)", async () => {
    process.env.JOUST_API_KEYS = "k-1,k-2";
    const denied = await client("wrong")
      .chat.completions.create({ model: "gpt", messages: user("x") })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    const bad = await client("k-2")
      .chat.completions.create({ model: "gpt", messages: user("x"), top_p: 3 })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("top_p");
    const ok = await client("k-1").chat.completions.create({ model: "gpt", messages: user("x") });
    expect(ok.choices[0].message.content).toBe(stubReply("x"));
  });

  it("refuses tool calls, log-probabilities and JSON mode to a model without them, and best_of (a 400 naming the field), but takes their default forms", async () => {
    const weather = {
      type: "function" as const,
      function: { name: "weather", parameters: { type: "object", properties: {} } },
    };
    const asks: Array<[string, Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>]> = [
      ["tools", { tools: [weather] }],
      ["logprobs", { logprobs: true }],
      ["response_format", { response_format: { type: "json_object" } }],
    ];
    for (const [param, ask] of asks) {
      const err = await client()
        .chat.completions.create({ model: "local", messages: user("x"), ...ask })
        .catch((e: unknown) => e);
      expect(err, param).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("unsupported_parameter");
    }
    // Fields that make no sense alone are a plain 400 whatever the model.
    for (const [param, ask] of [
      ["tool_choice", { tool_choice: "required" }],
      ["top_logprobs", { top_logprobs: 3 }],
    ] as const) {
      const err = await client()
        .chat.completions.create({ model: "gpt", messages: user("x"), ...ask })
        .catch((e: unknown) => e);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).param, param).toBe(param);
    }
    const streamed = await client()
      .chat.completions.create({ model: "local", messages: user("x"), stream: true, tools: [weather] })
      .catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
    for (const [param, ask] of [
      ["logprobs", { logprobs: 2 }],
      ["best_of", { best_of: 3 }],
    ] as const) {
      const err = await client()
        .completions.create({ model: "claude", prompt: "Once", ...ask })
        .catch((e: unknown) => e);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).param, param).toBe(param);
    }
    const plain: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {
      tools: [],
      tool_choice: "none",
      logprobs: false,
      response_format: { type: "text" },
    };
    const ok = await client().chat.completions.create({ model: "gpt", messages: user("x"), ...plain });
    expect(ok.choices[0].message.content).toBe(stubReply("x"));
    const legacy = await client().completions.create({
      model: "claude",
      prompt: "Once upon",
      max_tokens: 3,
      best_of: 1,
      logprobs: null,
    });
    expect(legacy.choices[0].text).toBe(stubReply("Once upon", 3));
  });

  it("a client that goes away mid-stream drops the upstream request", async () => {
    const before = await stubStats();
    const ctl = new AbortController();
    const stream = await client().chat.completions.create(
      { model: "gpt-delay50", messages: user("slow one"), stream: true },
      { signal: ctl.signal },
    );
    let got = "";
    // The SDK ends the iteration (or throws) once its signal aborts; either way the socket is gone.
    await (async () => {
      for await (const c of stream) {
        got += c.choices[0]?.delta?.content ?? "";
        if (got) ctl.abort();
      }
    })().catch(() => undefined);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(stubReply("slow one").length);
    await expect.poll(async () => (await stubStats()).dropped, { timeout: 5_000 }).toBe(before.dropped + 1);
    expect((await stubStats()).open).toBe(before.open);
  });
});

/** Sends raw bytes and collects what comes back until `done` says so (or the server closes). */
function rawExchange(payload: string, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const port = Number(new URL(api.base).port);
    const sock = connect(port, "127.0.0.1", () => sock.write(payload));
    let text = "";
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      text += d;
      if (done(text)) {
        sock.destroy();
        resolve(text);
      }
    });
    sock.on("end", () => resolve(text));
    sock.on("error", reject);
  });
}

/** The bodies of consecutive chunked HTTP/1.1 responses in `text`. */
function chunkedBodies(text: string): string[] {
  const bodies: string[] = [];
  let rest = text;
  while (rest.includes("\r\n\r\n")) {
    rest = rest.slice(rest.indexOf("\r\n\r\n") + 4);
    let body = "";
    for (;;) {
      const eol = rest.indexOf("\r\n");
      const size = parseInt(rest.slice(0, eol), 16);
      expect(Number.isNaN(size)).toBe(false);
      body += rest.slice(eol + 2, eol + 2 + size);
      expect(rest.slice(eol + 2 + size, eol + 4 + size)).toBe("\r\n");
      rest = rest.slice(eol + 4 + size);
      if (size === 0) break;
    }
    bodies.push(body);
  }
  return bodies;
}

const sseText = (body: string) =>
  body
    .split("\n\n")
    .filter((e) => e.startsWith("data: {"))
    .map(
      (e) =>
        (JSON.parse(e.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? "",
    )
    .join("");

describe("API listener stream framing", () => {
  // Paced (50 ms a token), so every token is its own write after the first: the frames the listener writes itself.
  const request = (prompt: string, version: string) => {
    const body = JSON.stringify({ model: "gpt-delay50", messages: user(prompt), stream: true, max_tokens: 4 });
    return `POST /v1/chat/completions HTTP/${version}\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };

  it("two pipelined HTTP/1.1 streams on one connection each arrive whole, in order, in valid chunked frames", async () => {
    const text = await rawExchange(
      request("first one", "1.1") + request("second one", "1.1"),
      (t) => t.split("\r\n0\r\n\r\n").length === 3,
    );
    const bodies = chunkedBodies(text);
    expect(bodies).toHaveLength(2);
    expect(bodies.map(sseText)).toEqual([stubReply("first one", 4), stubReply("second one", 4)]);
    bodies.forEach((b) => expect(b.endsWith("data: [DONE]\n\n")).toBe(true));
  });

  it("an HTTP/1.0 stream is sent unframed and ends with the connection", async () => {
    const text = await rawExchange(request("old client", "1.0"), () => false);
    const [head, body] = [text.slice(0, text.indexOf("\r\n\r\n")), text.slice(text.indexOf("\r\n\r\n") + 4)];
    expect(head.toLowerCase()).not.toContain("transfer-encoding");
    expect(sseText(body)).toBe(stubReply("old client", 4));
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("API listener HTTP behaviour", () => {
  it("404 for other paths, 405 with Allow for other methods, CORS preflight", async () => {
    const nf = await fetch(`${api.base}/v2/things`);
    expect(nf.status).toBe(404);
    expect((await nf.json()).error.code).toBe("not_found");
    const wrong = await fetch(`${api.base}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await wrong.json()).error.type).toBe("invalid_request_error");
    process.env.JOUST_CORS_ORIGINS = "https://app.example";
    const pre = await fetch(`${api.base}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const res = await fetch(`${api.base}/v1/models`, { headers: { origin: "https://app.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });

  it("an over-long body is 413 and the connection is closed; upstream failures keep their status", async () => {
    const big = JSON.stringify({ model: "gpt", messages: user("x".repeat(70 * 1024)) });
    const res = await fetch(`${api.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    const limited = await client()
      .chat.completions.create({ model: "gpt-429", messages: user("x"), stream: true })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get("retry-after")).toBe("7");
  });

  it("without a key, clients are rate limited by their socket address", async () => {
    stubConfig(api.stub.url, { limits: { ratePerSecond: 0.001, rateBurst: 2 } });
    try {
      const post = () =>
        fetch(`${api.base}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "gpt", messages: user("x") }),
        });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      const third = await post();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      stubConfig(api.stub.url, { limits: { ratePerSecond: 1000, rateBurst: 1000, maxBodyBytes: 64 * 1024 } });
    }
  });
});
