// The official `openai` npm client against Joust's OpenAI-compatible API, served by the production
// build both ways: /api/v1 on the app's port (route handlers) and /v1 on the dedicated API port
// (JOUST_API_PORT, started by instrumentation.ts). Remote models are backed by the stub upstreams.
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
// @ts-expect-error plain ESM module without types
import { replyTokens } from "./stubs/upstream.mjs";

const reply = (prompt: string, count = 16): string => (replyTokens(prompt, count) as string[]).join("");
const API_KEY = "e2e-api-key-1";

const API_PORT = process.env.E2E_API_PORT;
const SERVED = [
  ["app port, /api/v1", (baseURL: string) => `${baseURL}/api/v1`],
  ["API port, /v1", () => `http://127.0.0.1:${API_PORT}/v1`],
] as const;

for (const [where, apiBase] of SERVED)
  test.describe(where, () => {
    let client: OpenAI;
    let base: string;
    test.beforeEach(({ baseURL }) => {
      base = apiBase(baseURL!);
      client = new OpenAI({ apiKey: API_KEY, baseURL: base, maxRetries: 0, timeout: 20_000 });
    });

    test("lists the available remote models", async () => {
      const ids: string[] = [];
      for await (const m of client.models.list()) ids.push(m.id);
      expect(ids).toEqual(
        expect.arrayContaining(["stub-gpt", "stub-claude", "stub-gemini", "stub-mistral", "stub-local"]),
      );
      expect(ids).not.toContain("stub-nokey");
    });

    test("chat completion, non-streaming, with usage", async () => {
      const r = await client.chat.completions.create({
        model: "stub-gpt",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "tell me a story" },
        ],
      });
      expect(r.object).toBe("chat.completion");
      expect(r.choices[0].message.content).toBe(reply("tell me a story"));
      expect(r.choices[0].finish_reason).toBe("stop");
      expect(r.usage?.completion_tokens).toBe(16);
    });

    test("chat completion, streaming, ends cleanly with usage", async () => {
      const stream = await client.chat.completions.create({
        model: "stub-claude",
        messages: [{ role: "user", content: "stream please" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const c of stream) {
        text += c.choices[0]?.delta?.content ?? "";
        finish = c.choices[0]?.finish_reason ?? finish;
        if (c.usage) usage = c.usage;
      }
      expect(text).toBe(reply("stream please"));
      expect(finish).toBe("stop");
      expect(usage?.completion_tokens).toBe(16);
    });

    test("stop sequences are honoured exactly though the upstream ignores them", async () => {
      for (const model of ["stub-gemini", "stub-gpt"]) {
        const r = await client.chat.completions.create({
          model,
          messages: [{ role: "user", content: "one two" }],
          stop: ["charlie", "zzz"],
        });
        expect(r.choices[0].message.content).toBe(reply("one two").split("charlie")[0]);
        expect(r.choices[0].finish_reason).toBe("stop");
      }
      const stream = await client.chat.completions.create({
        model: "stub-local",
        messages: [{ role: "user", content: "one two" }],
        stop: "o bra",
        stream: true,
      });
      let text = "";
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
      expect(text).toBe(reply("one two").split("o bra")[0]);
    });

    test("n > 1 runs n choices, streamed with the right index", async () => {
      const r = await client.chat.completions.create({
        model: "stub-mistral",
        messages: [{ role: "user", content: "pick" }],
        n: 3,
        max_completion_tokens: 4,
      });
      expect(r.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual(
        [0, 1, 2].map((i) => [i, reply("pick", 4), "length"]),
      );
      const stream = await client.chat.completions.create({
        model: "stub-gpt",
        messages: [{ role: "user", content: "pick" }],
        n: 2,
        stream: true,
      });
      const texts = ["", ""];
      for await (const c of stream) for (const ch of c.choices) texts[ch.index] += ch.delta?.content ?? "";
      expect(texts).toEqual([reply("pick"), reply("pick")]);
    });

    test("a wrong API key is an AuthenticationError", async () => {
      const bad = new OpenAI({ apiKey: "not-a-key", baseURL: base, maxRetries: 0 });
      const err = await bad.chat.completions
        .create({ model: "stub-gpt", messages: [{ role: "user", content: "x" }] })
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err.status).toBe(401);
      expect(err.code).toBe("invalid_api_key");
    });

    test("bad bodies are BadRequestError; unknown models NotFoundError", async () => {
      const err = await client.chat.completions
        .create({ model: "stub-gpt", messages: [{ role: "user", content: "x" }], temperature: 7 })
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.param).toBe("temperature");
      const long = await client.chat.completions
        .create({ model: "stub-gpt", messages: [{ role: "user", content: "x".repeat(12_001) }] })
        .catch((e) => e);
      expect(long).toBeInstanceOf(OpenAI.BadRequestError);
      expect(long.code).toBe("context_length_exceeded");
      const nf = await client.chat.completions
        .create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] })
        .catch((e) => e);
      expect(nf).toBeInstanceOf(OpenAI.NotFoundError);
      expect(nf.code).toBe("model_not_found");
      // What the model cannot do (stub-local declares no capabilities) is refused by name rather than dropped.
      const tools = [
        { type: "function" as const, function: { name: "weather", parameters: { type: "object", properties: {} } } },
      ];
      const tool = await client.chat.completions
        .create({ model: "stub-local", messages: [{ role: "user", content: "x" }], tools })
        .catch((e) => e);
      expect(tool).toBeInstanceOf(OpenAI.BadRequestError);
      expect([tool.param, tool.code]).toEqual(["tools", "unsupported_parameter"]);
    });

    test("upstream failures come back as APIError with the right status", async () => {
      const five = await client.chat.completions
        .create({ model: "stub-gpt-500", messages: [{ role: "user", content: "x" }] })
        .catch((e) => e);
      expect(five).toBeInstanceOf(OpenAI.APIError);
      expect(five.status).toBe(502);
      const rl = await client.chat.completions
        .create({ model: "stub-claude-429", messages: [{ role: "user", content: "x" }], stream: true })
        .catch((e) => e);
      expect(rl).toBeInstanceOf(OpenAI.RateLimitError);
      expect(rl.headers.get("retry-after")).toBe("7");
      const slow = await client.chat.completions
        .create({ model: "stub-gpt-timeout", messages: [{ role: "user", content: "x" }] })
        .catch((e) => e);
      expect(slow.status).toBe(504);
      // Cut mid-stream: the partial text arrives, then iteration throws.
      const stream = await client.chat.completions.create({
        model: "stub-gpt-cut",
        messages: [{ role: "user", content: "cut here" }],
        stream: true,
      });
      let text = "";
      const cut = await (async () => {
        for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
      })().catch((e) => e);
      expect(cut).toBeInstanceOf(OpenAI.APIError);
      expect(cut.code).toBe("upstream_error");
      expect(text.length).toBeGreaterThan(0);
      expect(reply("cut here").startsWith(text)).toBe(true);
    });

    test("legacy completions map onto chat", async () => {
      const r = await client.completions.create({ model: "stub-claude", prompt: "Once upon", max_tokens: 5 });
      expect(r.object).toBe("text_completion");
      expect(r.choices[0].text).toBe(reply("Once upon", 5));
      expect(r.choices[0].finish_reason).toBe("length");
      const stream = await client.completions.create({ model: "stub-gpt", prompt: "Once upon", stream: true });
      let text = "";
      for await (const c of stream) text += c.choices[0]?.text ?? "";
      expect(text).toBe(reply("Once upon"));
    });

    test("tools: a streamed parallel tool-call round trip (Anthropic mapped), json_schema (Gemini), logprobs (OpenAI)", async () => {
      const fn = (name: string) => ({
        type: "function" as const,
        function: { name, parameters: { type: "object", properties: { q: { type: "string" } } } },
      });
      const tools = [fn("weather"), fn("time")];
      const ask = [{ role: "user" as const, content: "weather here" }];
      const stream = await client.chat.completions.create({ model: "stub-claude", messages: ask, tools, stream: true });
      const calls: Array<{ id: string; name: string; args: string }> = [];
      let finish: string | null = null;
      for await (const c of stream) {
        for (const d of c.choices[0]?.delta.tool_calls ?? []) {
          calls[d.index] ??= { id: "", name: "", args: "" };
          calls[d.index].id += d.id ?? "";
          calls[d.index].name += d.function?.name ?? "";
          calls[d.index].args += d.function?.arguments ?? "";
        }
        finish = c.choices[0]?.finish_reason ?? finish;
      }
      expect(finish).toBe("tool_calls");
      expect(calls.map((c) => [c.name, JSON.parse(c.args)])).toEqual([
        ["weather", { q: "weather here", n: 0 }],
        ["time", { q: "weather here", n: 1 }],
      ]);
      const follow = await client.chat.completions.create({
        model: "stub-claude",
        tools,
        messages: [
          ...ask,
          {
            role: "assistant",
            content: null,
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: "function" as const,
              function: { name: c.name, arguments: c.args },
            })),
          },
          ...calls.map((c, i) => ({ role: "tool" as const, tool_call_id: c.id, content: ["sunny", "noon"][i] })),
        ],
      });
      expect(follow.choices[0].message.content).toBe(reply("tool sunny tool noon"));
      const json = await client.chat.completions.create({
        model: "stub-gemini",
        messages: [{ role: "user", content: "as json" }],
        response_format: { type: "json_schema", json_schema: { name: "e", schema: { type: "object" } } },
      });
      expect(JSON.parse(json.choices[0].message.content ?? "")).toEqual({ echo: "as json" });
      const lp = await client.chat.completions.create({
        model: "stub-gpt",
        messages: [{ role: "user", content: "log" }],
        logprobs: true,
        top_logprobs: 1,
        max_tokens: 3,
      });
      expect(lp.choices[0].logprobs?.content?.map((t) => t.logprob)).toEqual([-0.1, -0.2, -0.3]);
      const legacy = await client.completions.create({
        model: "stub-gpt",
        prompt: "Once upon",
        max_tokens: 2,
        logprobs: 1,
      });
      expect(legacy.choices[0].logprobs?.tokens).toEqual(["Echo:", " Once"]);
      const refused = await client.completions
        .create({ model: "stub-local", prompt: "Once", logprobs: 1 })
        .catch((e) => e);
      expect([refused.param, refused.code]).toEqual(["logprobs", "unsupported_parameter"]);
    });

    test("embeddings (float and base64) and an image message", async () => {
      const e = await client.embeddings.create({
        model: "stub-embed",
        input: ["one", "two"],
        encoding_format: "float",
      });
      expect(e.data.map((d) => d.embedding.length)).toEqual([8, 8]);
      const b = await client.embeddings.create({ model: "stub-embed", input: "one" });
      expect(b.data[0].embedding).toEqual(Array.from(new Float32Array(e.data[0].embedding)));
      const no = await client.embeddings.create({ model: "stub-gpt", input: "one" }).catch((err) => err);
      expect([no.status, no.param]).toEqual([400, "model"]);
      const png = `data:image/png;base64,${Buffer.from("not really a png").toString("base64")}`;
      const content = [
        { type: "text" as const, text: "what is this" },
        { type: "image_url" as const, image_url: { url: png } },
      ];
      const img = await client.chat.completions.create({ model: "stub-gemini", messages: [{ role: "user", content }] });
      expect(img.choices[0].message.content).toBe(reply("what is this [image/png]"));
      const blind = await client.chat.completions
        .create({ model: "stub-local", messages: [{ role: "user", content }] })
        .catch((err) => err);
      expect([blind.status, blind.param]).toEqual([400, "messages[0].content[1].image_url"]);
    });
  });
