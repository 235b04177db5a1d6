import { readFileSync } from "node:fs";
import { join } from "node:path";
import type Anthropic from "@anthropic-ai/sdk";
import type { Part } from "@google/genai";
import { describe, expect, it } from "vitest";
import { joinToolCalls, type RichMessage, type ToolCallDelta, type ToolDef } from "@/lib/chat-protocol/tools";
import { SseParser } from "@/lib/sse";
import { AnthropicToolStream, toAnthropicRich } from "./anthropic-tools";
import { GeminiToolStream, toGeminiRich } from "./gemini-tools";
import type { ModelEntry } from "../config";
import { OPENAI_FLAVORS, openAiBody } from "./openai";

// The Anthropic and Gemini tool mappings, both directions, on recorded wire fixtures (./fixtures/*.sse:
// the providers' documented streaming bodies, split into fragments as they arrive).
const fixture = (name: string) =>
  new SseParser()
    .feed(readFileSync(join(__dirname, "fixtures", name), "utf8"))
    .map((e) => JSON.parse(e.data) as unknown);

const tools: ToolDef[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather at a place",
      parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
    },
  },
  {
    type: "function",
    function: { name: "get_time", parameters: { type: "object", properties: { tz: { type: "string" } } } },
  },
];
const conversation: RichMessage[] = [
  { role: "system", content: "Be brief." },
  {
    role: "user",
    content: [
      { type: "text", text: "Weather?" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
    ],
  },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } },
      { id: "call_2", type: "function", function: { name: "get_time", arguments: "{}" } },
    ],
  },
  { role: "tool", tool_call_id: "call_1", content: '{"temp":21}' },
  { role: "tool", tool_call_id: "call_2", content: "noon" },
];

describe("Anthropic mapping", () => {
  it("maps tools, tool_choice, tool turns and images onto the Messages API", () => {
    const r = toAnthropicRich({ messages: conversation, tools, tool_choice: "required", parallel_tool_calls: false });
    expect(r.system).toBe("Be brief.");
    expect(r.tools).toEqual([
      { name: "get_weather", description: "Weather at a place", input_schema: tools[0].function.parameters },
      { name: "get_time", input_schema: tools[1].function.parameters },
    ]);
    expect(r.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(r.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Weather?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Paris" } },
          { type: "tool_use", id: "call_2", name: "get_time", input: {} },
        ],
      },
      // Both results in one user turn (the API wants alternating turns).
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: '{"temp":21}' },
          { type: "tool_result", tool_use_id: "call_2", content: "noon" },
        ],
      },
    ]);
    expect(
      toAnthropicRich({ messages: [], tools, tool_choice: { type: "function", function: { name: "get_time" } } })
        .tool_choice,
    ).toEqual({ type: "tool", name: "get_time" });
    expect(toAnthropicRich({ messages: [], tools, tool_choice: "none" }).tool_choice).toEqual({ type: "none" });
    expect(toAnthropicRich({ messages: [], tools }).tool_choice).toBeUndefined();
  });

  it("response_format becomes a forced tool", () => {
    const schema = { type: "object", properties: { a: { type: "number" } } };
    const r = toAnthropicRich({
      messages: [],
      response_format: { type: "json_schema", json_schema: { name: "answer", schema } },
    });
    expect(r.tools).toEqual([
      { name: "answer", description: "Give the answer as this tool's input.", input_schema: schema },
    ]);
    expect(r.tool_choice).toEqual({ type: "tool", name: "answer" });
    expect(r.jsonTool).toBe("answer");
  });

  it("a recorded tool_use stream becomes OpenAI deltas that reassemble exactly", () => {
    const map = new AnthropicToolStream();
    let text = "";
    const deltas: ToolCallDelta[] = [];
    let finish: string | null = null;
    for (const ev of fixture("anthropic-tool-use.sse") as Anthropic.RawMessageStreamEvent[]) {
      const d = map.event(ev);
      text += d?.content ?? "";
      deltas.push(...(d?.toolCalls ?? []));
      if (ev.type === "message_delta") finish = map.finish(ev.delta.stop_reason);
    }
    expect(text).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(deltas[0]).toEqual({
      index: 0,
      id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(deltas[1]).toEqual({ index: 0, function: { arguments: '{"location":' } });
    expect(joinToolCalls(deltas)).toEqual([
      {
        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        type: "function",
        function: { name: "get_weather", arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
      },
      { id: "toolu_02Ab", type: "function", function: { name: "get_time", arguments: '{"tz": "PST"}' } },
    ]);
    expect(finish).toBe("tool_calls");
  });

  it("the forced JSON tool's input is relayed as content, finishing with stop", () => {
    const map = new AnthropicToolStream("get_weather");
    let text = "";
    for (const ev of fixture("anthropic-tool-use.sse") as Anthropic.RawMessageStreamEvent[]) {
      if (ev.type === "content_block_start" && ev.index === 2) break;
      text += map.event(ev)?.content ?? "";
    }
    expect(text).toBe(
      'Okay, let\'s check the weather for San Francisco, CA:{"location": "San Francisco, CA", "unit": "fahrenheit"}',
    );
    expect(map.finish("tool_use")).toBe("stop");
  });
});

describe("Gemini mapping", () => {
  it("maps tools, tool_choice, tool turns, images and response_format onto generateContent", () => {
    const r = toGeminiRich({
      messages: conversation,
      tools,
      tool_choice: { type: "function", function: { name: "get_time" } },
      response_format: { type: "json_object" },
    });
    expect(r.systemInstruction).toBe("Be brief.");
    expect(r.config.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Weather at a place",
            parametersJsonSchema: tools[0].function.parameters,
          },
          { name: "get_time", parametersJsonSchema: tools[1].function.parameters },
        ],
      },
    ]);
    expect(r.config.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] } });
    expect(r.config.responseMimeType).toBe("application/json");
    expect(r.contents).toEqual([
      { role: "user", parts: [{ text: "Weather?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "get_weather", args: { location: "Paris" } } },
          { functionCall: { name: "get_time", args: {} } },
        ],
      },
      // Tool results answer their calls by name, together in one user turn; a non-object result sits under `result`.
      {
        role: "user",
        parts: [
          { functionResponse: { name: "get_weather", response: { temp: 21 } } },
          { functionResponse: { name: "get_time", response: { result: "noon" } } },
        ],
      },
    ]);
    const schema = { type: "object", properties: { a: { type: "number" } } };
    expect(
      toGeminiRich({ messages: [], response_format: { type: "json_schema", json_schema: { name: "a", schema } } })
        .config,
    ).toEqual({ responseMimeType: "application/json", responseJsonSchema: schema });
    expect(toGeminiRich({ messages: [], tools, tool_choice: "none" }).config.toolConfig).toEqual({
      functionCallingConfig: { mode: "NONE" },
    });
  });

  it("a recorded functionCall stream becomes OpenAI deltas with whole calls; finish STOP with calls is tool_calls", () => {
    const map = new GeminiToolStream();
    let text = "";
    const deltas: ToolCallDelta[] = [];
    for (const r of fixture("gemini-function-call.sse") as Array<{
      candidates: Array<{ content: { parts: Part[] } }>;
    }>) {
      const d = map.parts(r.candidates[0].content.parts);
      text += d.content ?? "";
      deltas.push(...(d.toolCalls ?? []));
    }
    expect(text).toBe("I'll look that up.");
    const calls = joinToolCalls(deltas);
    expect(calls.map((c) => c.function)).toEqual([
      { name: "get_weather", arguments: '{"location":"Boston, MA","unit":"celsius"}' },
      { name: "get_time", arguments: '{"tz":"America/New_York"}' },
    ]);
    for (const c of calls) expect(c.id).toMatch(/^call_[0-9a-f]{24}$/);
    // The recorded thought signature rides with its call, and goes back with it on the next turn.
    expect(calls[0].extra_content).toEqual({ google: { thought_signature: "CiIBVKhc7" } });
    expect(calls[1].extra_content).toBeUndefined();
    const back = toGeminiRich({ messages: [{ role: "assistant", content: null, tool_calls: calls }] });
    expect(back.contents[0].parts?.[0]).toEqual({
      functionCall: { name: "get_weather", args: { location: "Boston, MA", unit: "celsius" } },
      thoughtSignature: "CiIBVKhc7",
    });
    expect(back.contents[0].parts?.[1]).toEqual({
      functionCall: { name: "get_time", args: { tz: "America/New_York" } },
    });
    expect(map.finish("stop")).toBe("tool_calls");
    expect(new GeminiToolStream().finish("stop")).toBe("stop");
    const single = new GeminiToolStream(false);
    expect(
      joinToolCalls(
        single.parts(
          (fixture("gemini-function-call.sse")[1] as { candidates: Array<{ content: { parts: Part[] } }> })
            .candidates[0].content.parts,
        ).toolCalls ?? [],
      ),
    ).toHaveLength(1);
  });
});

describe("OpenAI-format upstreams", () => {
  it("get tools, tool turns and images as the client sent them, without Gemini's extra_content", () => {
    const entry: ModelEntry = {
      name: "m",
      provider: "openai",
      model: "gpt-x",
      params: {},
      arena: { anonymousOnly: false, weight: 1, neverPairWith: [] },
      timeoutMs: 1000,
    };
    const signed = {
      id: "c1",
      type: "function" as const,
      function: { name: "get_time", arguments: "{}" },
      extra_content: { google: { thought_signature: "sig" } },
    };
    const body = openAiBody(entry, OPENAI_FLAVORS.openai, {
      messages: [{ role: "user", content: "x" }],
      rich: {
        messages: [...conversation, { role: "assistant", content: null, tool_calls: [signed] }],
        tools,
        tool_choice: "auto",
        logprobs: true,
        top_logprobs: 2,
      },
    });
    expect(body).toMatchObject({ tools, tool_choice: "auto", logprobs: true, top_logprobs: 2 });
    expect((body.messages as RichMessage[]).slice(0, 5)).toEqual(conversation);
    expect((body.messages as RichMessage[])[5]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c1", type: "function", function: { name: "get_time", arguments: "{}" } }],
    });
  });
});
