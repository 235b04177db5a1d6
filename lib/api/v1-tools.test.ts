import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { stubReply } from "@/lib/providers/test-stub";
import { apiPortForTests } from "./api-port.mock";

// Tools, structured output and log-probabilities through the API port, driven by the official `openai`
// client, against stub upstreams speaking each provider's wire format (e2e/stubs/upstream.mjs).
const api = apiPortForTests({ limits: { ratePerSecond: 1000, rateBurst: 1000 } });

const client = () => api.client();
const user = (content: string) => [{ role: "user" as const, content }];
const fn = (name: string): OpenAI.ChatCompletionTool => ({
  type: "function",
  function: { name, description: `the ${name}`, parameters: { type: "object", properties: { q: { type: "string" } } } },
});
const TOOLS = [fn("weather"), fn("time")];
const args = (q: string, n: number) => JSON.stringify({ q, n });

/** Reassembles streamed tool-call fragments as OpenAI's docs say clients must (by index, strings joined). */
async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  const calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }> = [];
  let text = "";
  let finish: string | null = null;
  const logprobs: OpenAI.ChatCompletionTokenLogprob[] = [];
  const deltas: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
  for await (const c of stream) {
    const ch = c.choices[0];
    if (!ch) continue;
    text += ch.delta.content ?? "";
    for (const d of ch.delta.tool_calls ?? []) {
      deltas.push(d);
      calls[d.index] ??= { id: "", type: "", function: { name: "", arguments: "" } };
      const t = calls[d.index];
      if (d.id) t.id = d.id;
      if (d.type) t.type = d.type;
      t.function.name += d.function?.name ?? "";
      t.function.arguments += d.function?.arguments ?? "";
    }
    logprobs.push(...(ch.logprobs?.content ?? []));
    finish = ch.finish_reason ?? finish;
  }
  return { calls, text, finish, logprobs, deltas };
}

describe.each(["gpt", "local-all"])("tools through %s (OpenAI format, passed through)", (model) => {
  it("non-streamed: parallel calls, then the tool results round trip to a text answer", async () => {
    const prompt = "weather in Paris";
    const r = await client().chat.completions.create({
      model,
      messages: user(prompt),
      tools: TOOLS,
      tool_choice: "auto",
    });
    const msg = r.choices[0].message;
    expect(r.choices[0].finish_reason).toBe("tool_calls");
    expect(msg.content).toBeNull();
    expect(msg.tool_calls).toEqual([
      { id: "call_stub0", type: "function", function: { name: "weather", arguments: args(prompt, 0) } },
      { id: "call_stub1", type: "function", function: { name: "time", arguments: args(prompt, 1) } },
    ]);
    const follow = await client().chat.completions.create({
      model,
      tools: TOOLS,
      messages: [
        ...user(prompt),
        msg,
        { role: "tool", tool_call_id: "call_stub0", content: "sunny" },
        { role: "tool", tool_call_id: "call_stub1", content: "noon" },
      ],
    });
    expect(follow.choices[0].message.content).toBe(stubReply("tool noon"));
    expect(follow.choices[0].finish_reason).toBe("stop");
  });

  it("streamed: delta.tool_calls in OpenAI's chunk shape, reassembling to the same calls; parallel_tool_calls false gives one", async () => {
    const prompt = "weather in Rome";
    const s = await collect(
      await client().chat.completions.create({ model, messages: user(prompt), tools: TOOLS, stream: true }),
    );
    expect(s.finish).toBe("tool_calls");
    expect(s.text).toBe("");
    expect(s.calls).toEqual([
      { id: "call_stub0", type: "function", function: { name: "weather", arguments: args(prompt, 0) } },
      { id: "call_stub1", type: "function", function: { name: "time", arguments: args(prompt, 1) } },
    ]);
    // The first fragment of each call has its id, type and name; the rest only argument pieces.
    expect(s.deltas[0]).toEqual({
      index: 0,
      id: "call_stub0",
      type: "function",
      function: { name: "weather", arguments: "" },
    });
    expect(s.deltas[1]).toEqual({ index: 0, function: { arguments: args(prompt, 0).slice(0, 7) } });
    expect(s.deltas.length).toBeGreaterThan(4);
    const one = await collect(
      await client().chat.completions.create({
        model,
        messages: user(prompt),
        tools: TOOLS,
        parallel_tool_calls: false,
        stream: true,
      }),
    );
    expect(one.calls.map((c) => c.function.name)).toEqual(["weather"]);
    const forced = await client().chat.completions.create({
      model,
      messages: user(prompt),
      tools: TOOLS,
      tool_choice: { type: "function", function: { name: "time" } },
    });
    expect(forced.choices[0].message.tool_calls?.map((c) => c.type === "function" && c.function.name)).toEqual([
      "time",
    ]);
  });

  it("n = 2 runs each choice with its own tool calls and log-probabilities", async () => {
    const r = await client().chat.completions.create({
      model,
      messages: user("two ways"),
      tools: TOOLS,
      parallel_tool_calls: false,
      n: 2,
    });
    expect(
      r.choices.map((c) => [
        c.index,
        c.finish_reason,
        c.message.tool_calls?.map((t) => t.type === "function" && t.function.arguments),
      ]),
    ).toEqual([
      [0, "tool_calls", [args("two ways", 0)]],
      [1, "tool_calls", [args("two ways", 0)]],
    ]);
    const lp = await client().chat.completions.create({
      model,
      messages: user("two ways"),
      logprobs: true,
      max_tokens: 3,
      n: 2,
      stream: true,
    });
    const got: number[][] = [[], []];
    for await (const c of lp)
      for (const ch of c.choices) got[ch.index].push(...(ch.logprobs?.content ?? []).map((t) => t.logprob));
    expect(got).toEqual([
      [-0.1, -0.2, -0.3],
      [-0.1, -0.2, -0.3],
    ]);
  });

  it("json_schema: the answer is the upstream's JSON", async () => {
    const r = await client().chat.completions.create({
      model,
      messages: user("give json"),
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "echo",
          schema: { type: "object", properties: { echo: { type: "string" } } },
          strict: true,
        },
      },
    });
    expect(JSON.parse(r.choices[0].message.content ?? "")).toEqual({ echo: "give json" });
  });

  it("logprobs and top_logprobs on chat, streamed and not", async () => {
    const r = await client().chat.completions.create({
      model,
      messages: user("log me"),
      logprobs: true,
      top_logprobs: 2,
      max_tokens: 5,
    });
    const lp = r.choices[0].logprobs?.content ?? [];
    expect(lp.map((t) => t.token).join("")).toBe(stubReply("log me", 5));
    expect(lp.map((t) => t.logprob)).toEqual([-0.1, -0.2, -0.3, -0.4, -0.5]);
    expect(lp[1].top_logprobs.map((t) => t.token)).toEqual([" log", " log~1"]);
    const s = await collect(
      await client().chat.completions.create({
        model,
        messages: user("log me"),
        logprobs: true,
        top_logprobs: 2,
        max_tokens: 5,
        stream: true,
      }),
    );
    expect(s.text).toBe(stubReply("log me", 5));
    expect(s.logprobs).toEqual(lp);
  });

  it("logprobs on legacy completions, in the completions shape", async () => {
    const r = await client().completions.create({ model, prompt: "Once upon", max_tokens: 4, logprobs: 1 });
    const tokens = ["Echo:", " Once", " upon", " alpha"];
    expect(r.choices[0].text).toBe(tokens.join(""));
    expect(r.choices[0].logprobs).toEqual({
      tokens,
      token_logprobs: [-0.1, -0.2, -0.3, -0.4],
      top_logprobs: tokens.map((t, i) => ({ [t]: -(i + 1) / 10 })),
      text_offset: [0, 5, 10, 15],
    });
    const s = await client().completions.create({
      model,
      prompt: "Once upon",
      max_tokens: 4,
      logprobs: 1,
      stream: true,
    });
    const offsets: number[] = [];
    for await (const c of s) offsets.push(...(c.choices[0]?.logprobs?.text_offset ?? []));
    expect(offsets).toEqual([0, 5, 10, 15]);
  });
});

describe("a model without the capability", () => {
  it("refuses each field with a 400 unsupported_parameter naming it; default forms pass", async () => {
    const asks: Array<[string, Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>]> = [
      ["tools", { tools: TOOLS }],
      ["logprobs", { logprobs: true, top_logprobs: 2 }],
      ["response_format", { response_format: { type: "json_object" } }],
      [
        "messages[1].tool_calls",
        {
          messages: [
            ...user("x"),
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: "{}" } }],
            },
          ],
        },
      ],
      [
        "messages[0].content[1].image_url",
        {
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "see" },
                { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
              ],
            },
          ],
        },
      ],
    ];
    for (const stream of [false, true])
      for (const [param, ask] of asks) {
        const err = await client()
          .chat.completions.create({
            model: "local",
            messages: user("x"),
            ...ask,
            stream,
          } as OpenAI.ChatCompletionCreateParams)
          .catch((e: unknown) => e);
        expect(err, param).toBeInstanceOf(OpenAI.BadRequestError);
        expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
        expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("unsupported_parameter");
      }
    const legacy = await client()
      .completions.create({ model: "local", prompt: "Once", logprobs: 2 })
      .catch((e: unknown) => e);
    expect((legacy as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("logprobs");
    const plain: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {
      tools: [],
      tool_choice: "none",
      logprobs: false,
      response_format: { type: "text" },
    };
    const ok = await client().chat.completions.create({ model: "local", messages: user("x"), ...plain });
    expect(ok.choices[0].message.content).toBe(stubReply("x"));
    expect(ok.choices[0].logprobs).toBeNull();
  });
});

describe.each([
  ["claude", "tool sunny tool noon", /^toolu_stub\d$/],
  ["gemini", 'tool {"result":"sunny"} tool {"result":"noon"}', /^call_\w+$/],
] as const)("tools through %s (mapped through its SDK)", (model, afterTools, idPattern) => {
  it("non-streamed and streamed tool calls in OpenAI's shape, then the round trip", async () => {
    const prompt = "weather in Oslo";
    const r = await client().chat.completions.create({ model, messages: user(prompt), tools: TOOLS, max_tokens: 50 });
    const msg = r.choices[0].message;
    expect(r.choices[0].finish_reason).toBe("tool_calls");
    expect(msg.content).toBeNull();
    const calls = (msg.tool_calls ?? []).map((c) => c.type === "function" && { type: c.type, function: c.function });
    expect(calls).toEqual([
      { type: "function", function: { name: "weather", arguments: args(prompt, 0) } },
      { type: "function", function: { name: "time", arguments: args(prompt, 1) } },
    ]);
    for (const c of msg.tool_calls ?? []) expect(c.id).toMatch(idPattern);
    const s = await collect(
      await client().chat.completions.create({ model, messages: user(prompt), tools: TOOLS, stream: true }),
    );
    expect(s.finish).toBe("tool_calls");
    expect(s.calls.map((c) => ({ type: c.type, function: c.function }))).toEqual(calls);
    expect(s.deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "weather" } });
    const [a, b] = msg.tool_calls ?? [];
    const follow = await client().chat.completions.create({
      model,
      tools: TOOLS,
      messages: [
        ...user(prompt),
        msg,
        { role: "tool", tool_call_id: a.id, content: "sunny" },
        { role: "tool", tool_call_id: b.id, content: "noon" },
      ],
    });
    expect(follow.choices[0].message.content).toBe(stubReply(afterTools));
    expect(follow.choices[0].finish_reason).toBe("stop");
    const one = await client().chat.completions.create({
      model,
      messages: user(prompt),
      tools: TOOLS,
      parallel_tool_calls: false,
    });
    expect(one.choices[0].message.tool_calls).toHaveLength(1);
    const forced = await client().chat.completions.create({
      model,
      messages: user(prompt),
      tools: TOOLS,
      tool_choice: { type: "function", function: { name: "time" } },
    });
    expect(forced.choices[0].message.tool_calls?.map((c) => c.type === "function" && c.function.name)).toEqual([
      "time",
    ]);
  });

  it("json_schema gives the answer as JSON (Anthropic: a forced tool; Gemini: responseJsonSchema)", async () => {
    const rf = {
      type: "json_schema" as const,
      json_schema: { name: "echo", schema: { type: "object", properties: { q: { type: "string" } } } },
    };
    const r = await client().chat.completions.create({ model, messages: user("give json"), response_format: rf });
    expect(r.choices[0].finish_reason).toBe("stop");
    expect(r.choices[0].message.tool_calls).toBeUndefined();
    expect(JSON.parse(r.choices[0].message.content ?? "")).toEqual(
      model === "claude" ? { q: "give json", n: 0 } : { echo: "give json" },
    );
  });
});
