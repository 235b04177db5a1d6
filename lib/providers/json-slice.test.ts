import { describe, expect, it } from "vitest";
import { jsonValueAfter } from "./json-slice";
import { OpenAiStreamParser } from "./openai-stream";

describe("jsonValueAfter", () => {
  it("returns the exact text of the value after a key, skipping brackets and quotes inside strings", () => {
    const lp = {
      content: [
        {
          token: '}{"]\\',
          logprob: -0.5,
          bytes: [125, 123],
          top_logprobs: [{ token: "[x", logprob: -1, bytes: null }],
        },
      ],
      refusal: null,
    };
    const data = JSON.stringify({
      id: "c",
      choices: [{ index: 0, delta: { content: "}{" }, logprobs: lp, finish_reason: null }],
    });
    const text = jsonValueAfter(data, data.indexOf('"logprobs"'), "logprobs");
    expect(text).toBe(JSON.stringify(lp));
    expect(JSON.parse(text ?? "")).toEqual(lp);
    expect(jsonValueAfter('{"logprobs" : null}', 1, "logprobs")).toBe("null");
    expect(jsonValueAfter('{"logprobs":{"a":[1,2}', 1, "logprobs")).toBeUndefined();
    expect(jsonValueAfter('{"logprobs"}', 1, "logprobs")).toBeUndefined();
  });
});

describe("OpenAiStreamParser.feedEvents (requests with tools or logprobs)", () => {
  const chunk = (delta: object, logprobs: object | null, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs, finish_reason: finish }] })}\n\n`;
  const lp = (token: string, logprob: number) => ({
    content: [{ token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [] }],
    refusal: null,
  });

  it("relays content and log-probabilities of plain chunks as text, exactly, and parses the rest", () => {
    const p = new OpenAiStreamParser("m");
    const events = p.feedEvents(
      chunk({ role: "assistant", content: "" }, null) +
        chunk({ content: 'He said "hi"' }, lp('He said "hi"', -0.25)) +
        chunk(
          { tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: "" } }] },
          null,
        ) +
        chunk({}, null, "tool_calls") +
        "data: [DONE]\n\n",
    );
    expect(events[0]).toEqual({
      index: 0,
      json: JSON.stringify('He said "hi"'),
      logprobsJson: JSON.stringify(lp('He said "hi"', -0.25)),
    });
    expect(events[1]).toEqual({
      index: 0,
      toolCalls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: "" } }],
    });
    expect(events).toHaveLength(2);
    expect(p.finish).toBe("tool_calls");
  });
});
