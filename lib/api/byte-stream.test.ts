import { describe, expect, it } from "vitest";
import { chatByteFeed } from "@/lib/providers/remote-chat";
import { stubReply } from "@/lib/providers/test-stub";
import { apiPortForTests } from "./api-port.mock";
import { webV1 } from "./v1-handler";

// The API port writes a plain stream as bytes (byte-sse.ts); the app port's route handler writes the same answer
// through openSse. A client must not be able to tell them apart: the same events, apart from each answer's id and time.
const api = apiPortForTests({ limits: { ratePerSecond: 1000, rateBurst: 1000 } });

const request = (model: string, prompt: string, extra: object = {}) =>
  JSON.stringify({ model, messages: [{ role: "user", content: prompt }], stream: true, ...extra });

/** The SSE events of a body, each answer's own id and creation time blanked. */
const events = (body: string) =>
  body
    .split("\n\n")
    .filter(Boolean)
    .map((e) => e.replace(/"id":"chatcmpl-[0-9a-f]+"/, '"id":"-"').replace(/"created":\d+/, '"created":0'));

async function viaApiPort(body: string) {
  const r = await fetch(`${api.base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: r.status, type: r.headers.get("content-type"), events: events(await r.text()) };
}

async function viaRoute(body: string) {
  const r = await webV1("chat.completions")(
    new Request("http://app.test/api/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
  return { status: r.status, type: r.headers.get("content-type"), events: events(await r.text()) };
}

describe("a plain stream on the API port (written as bytes)", () => {
  it("is, event for event, what the route handler writes: non-ASCII content, the finish, usage", async () => {
    const prompt = 'Grüße 🌍 «quoted» "x"\n';
    for (const [model, extra] of [
      ["local", { stream_options: { include_usage: true } }],
      ["gpt", {}],
      ["local", { max_tokens: 3 }],
    ] as const) {
      const body = request(model, prompt, extra);
      const [bytes, route] = [await viaApiPort(body), await viaRoute(body)];
      expect(bytes).toEqual(route);
      expect(bytes.status).toBe(200);
      expect(bytes.events.at(-1)).toBe("data: [DONE]");
      const first = JSON.parse(bytes.events[0].slice(6)) as { choices: Array<{ delta: object }> };
      expect(first.choices[0].delta).toMatchObject({ role: "assistant", content: "Echo:" });
      const text = bytes.events
        .slice(0, -1)
        .map((e) => (JSON.parse(e.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0])
        .map((c) => c?.delta.content ?? "")
        .join("");
      expect(text).toBe(stubReply(prompt, "max_tokens" in extra ? extra.max_tokens : 16));
    }
  });

  it("streams with tool calls or log-probabilities are, event for event, what the route handler writes", async () => {
    const tools = [
      { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } },
      { type: "function", function: { name: "fetch_page", parameters: { type: "object", properties: {} } } },
    ];
    for (const extra of [
      { tools },
      { tools, parallel_tool_calls: false, stream_options: { include_usage: true } },
      { logprobs: true, top_logprobs: 2 },
      { logprobs: true, stop: ["bravo"] },
    ]) {
      const body = request("local-all", 'Grüße 🌍 "x"', extra);
      const [bytes, route] = [await viaApiPort(body), await viaRoute(body)];
      expect(bytes, JSON.stringify(extra)).toEqual(route);
      expect(bytes.status).toBe(200);
      expect(bytes.events.at(-1)).toBe("data: [DONE]");
      expect(bytes.events.join("\n")).toContain("tools" in extra ? '"tool_calls":[' : '"logprobs":{"content":[');
    }
  });

  it("ends with the same error event, and no [DONE], when the upstream breaks mid-stream", async () => {
    const body = request("local-malformed-paced", "broken");
    const [bytes, route] = [await viaApiPort(body), await viaRoute(body)];
    expect(bytes).toEqual(route);
    expect(bytes.events.at(-1)).toMatch(
      /^data: \{"error":\{"message":"local-malformed-paced: the provider sent a malformed stream\./,
    );
    expect(bytes.events).not.toContain("data: [DONE]");
  });

  it("fails before any output with the upstream's status, as the route does", async () => {
    const body = request("local-429", "busy");
    const [bytes, route] = [await viaApiPort(body), await viaRoute(body)];
    expect(bytes.status).toBe(429);
    expect(bytes).toEqual(route);
  });
});

describe("chatByteFeed", () => {
  it("serves OpenAI-format models only; plain requests as content, the rest as events; not Joust's own stop sequences", () => {
    const signal = new AbortController().signal;
    const messages = [{ role: "user" as const, content: "x" }];
    for (const name of ["gpt", "local", "mistral"])
      expect(chatByteFeed(name, { messages }, signal)).toHaveProperty("plain");
    expect(chatByteFeed("claude", { messages }, signal)).toBeUndefined();
    expect(chatByteFeed("gemini", { messages }, signal)).toBeUndefined();
    // Joust enforces a plain request's stop sequences itself; with tools or log-probabilities the upstream does.
    expect(chatByteFeed("gpt", { messages, stop: ["b"] }, signal)).toBeUndefined();
    expect(chatByteFeed("gpt", { messages, toolEvents: true, stop: ["b"] }, signal)).toHaveProperty("events");
    expect(() => chatByteFeed("nope", { messages }, signal)).toThrow(/Unknown model/);
  });
});
