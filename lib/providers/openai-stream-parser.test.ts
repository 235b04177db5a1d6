import { describe, expect, it } from "vitest";
import { richChatChoice, toolCallsOf } from "@/lib/api/rich-choices";
import { JoustError } from "@/lib/errors";
import { OpenAiStreamParser } from "./openai-stream-parser";
import type { ChoiceEvent } from "./types";

const ev = (o: unknown) => `data: ${typeof o === "string" ? o : JSON.stringify(o)}\n\n`;
const chunk = (delta: object, logprobs: object | null = null, finish: string | null = null) => ({
  id: "x",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
});
const fragment = (index: number, args: string) => chunk({ tool_calls: [{ index, function: { arguments: args } }] });
const opening = ev(
  chunk({
    role: "assistant",
    content: null,
    tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }],
    refusal: null,
  }),
);
/** A parser past the first chunk (which is always parsed in full). */
function started() {
  const p = new OpenAiStreamParser("m");
  expect(p.feedEvents(opening)).toHaveLength(1);
  return p;
}
/** What a client gets for an event: the chat chunk's choice text, parsed. */
const relayed = (e: ChoiceEvent) => JSON.parse(richChatChoice(e, "", "null"));

describe("OpenAiStreamParser: tool-call argument fragments", () => {
  const tricky = ['{"q":"', 'He said \\"hi\\"', "tab\tnew\nline", "ünï😀", '"finish_reason":"stop"', "\\", '"}'];

  it("copies one call's argument fragment as text, exactly, with no parse (escapes and non-ASCII included)", () => {
    const p = started();
    const events = p.feedEvents(tricky.map((a, i) => ev(fragment(i % 3, a))).join(""));
    expect(events).toHaveLength(tricky.length);
    events.forEach((e, i) => {
      // The copying path: the fragment as text, not as parsed objects.
      expect(e.toolCalls).toBeUndefined();
      expect(e.toolCallsJson).toBe(JSON.stringify([{ index: i % 3, function: { arguments: tricky[i] } }]));
      expect(toolCallsOf(e)).toEqual([{ index: i % 3, function: { arguments: tricky[i] } }]);
      expect(relayed(e)).toEqual({
        index: 0,
        delta: { tool_calls: [{ index: i % 3, function: { arguments: tricky[i] } }] },
        logprobs: null,
        finish_reason: null,
      });
    });
    expect(p.pieces).toBe(1 + tricky.length); // the opening, then each fragment
  });

  it("relays the same as the full parse for spaced JSON and \\u escapes", () => {
    const p = started();
    const spaced =
      '{"id": "x", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "function": {"arguments": "\\u00e9\\""}}]}, "logprobs": null, "finish_reason": null}]}';
    const [e] = p.feedEvents(ev(spaced));
    expect(e.toolCallsJson).toBeDefined();
    expect(toolCallsOf(e)).toEqual([{ index: 1, function: { arguments: 'é"' } }]);
  });

  it("a fragment with log-probabilities relays both as text", () => {
    const p = started();
    const lp = { content: [{ token: "{", logprob: -0.5, bytes: [123], top_logprobs: [] }], refusal: null };
    const [e] = p.feedEvents(ev(chunk({ tool_calls: [{ index: 0, function: { arguments: "{" } }] }, lp)));
    expect(e).toEqual({
      index: 0,
      toolCallsJson: '[{"index":0,"function":{"arguments":"{"}}]',
      logprobsJson: JSON.stringify(lp),
    });
  });

  it("falls back to the full parse for every other shape, with the same result a parse gives", () => {
    const others = [
      // ids, types and names (a call's opening), other fields, several calls in one delta, content beside a call
      chunk({ tool_calls: [{ index: 2, id: "call_2", type: "function", function: { name: "g", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, type: "function", function: { arguments: "a" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "a", name: null } }] }),
      chunk({
        tool_calls: [
          { index: 0, function: { arguments: "a" } },
          { index: 1, function: { arguments: "b" } },
        ],
      }),
      chunk({ content: "c", tool_calls: [{ index: 0, function: { arguments: "d" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "e" } }], reasoning_content: null }),
    ];
    const p = started();
    for (const c of others) {
      const [e] = p.feedEvents(ev(c));
      expect(e.toolCallsJson).toBeUndefined();
      expect(e.toolCalls).toEqual((c.choices[0].delta as { tool_calls?: unknown }).tool_calls);
    }
    // A fragment that carries the finish reason is parsed, and ends the stream.
    const [last] = p.feedEvents(ev(chunk({ tool_calls: [{ index: 0, function: { arguments: "}" } }] }, null, "stop")));
    expect(last.toolCalls).toEqual([{ index: 0, function: { arguments: "}" } }]);
    expect(p.finish).toBe("stop");
    expect(p.feedEvents(ev(fragment(0, "after the end")))).toEqual([]);
  });

  it("a broken fragment the pattern cannot take (bad escape, leading zero, truncated) is a typed error, never relayed", () => {
    const bad = [
      '{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\x"}}]},"logprobs":null,"finish_reason":null}]}',
      '{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":01,"function":{"arguments":"a"}}]},"logprobs":null,"finish_reason":null}]}',
      '{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"a"}}]},"logprobs":null,"finish_reason":null}]',
    ];
    for (const b of bad) expect(() => started().feedEvents(ev(b))).toThrow(JoustError);
  });

  it("key names inside content and arguments (quoted, or ending a string) never pass for keys", () => {
    const words = [
      "usage",
      "error",
      "delta",
      "logprobs",
      "finish_reason",
      'x"usage":{"a":1}',
      "my usage",
      "top_logprobs",
    ];
    const p = started();
    const events = p.feedEvents(
      words.map((w) => ev(chunk({ content: w }))).join("") + words.map((w) => ev(fragment(0, w))).join(""),
    );
    expect(events.map((e) => (e.json ? JSON.parse(e.json) : toolCallsOf(e)?.[0].function?.arguments))).toEqual([
      ...words,
      ...words,
    ]);
    expect(p.usage).toBeUndefined();
    const q = new OpenAiStreamParser("m");
    q.feed(ev(chunk({ role: "assistant", content: "" })));
    expect(q.feed(words.map((w) => ev(chunk({ content: w }))).join("")).map((l) => JSON.parse(l))).toEqual(words);
  });

  it("the plain path (no tools asked) still parses tool chunks and relays no fragment", () => {
    const p = new OpenAiStreamParser("m");
    p.feed(ev(chunk({ role: "assistant", content: "" })));
    expect(p.feed(ev(fragment(0, "{}")))).toEqual([]);
    expect(p.pieces).toBe(0);
  });
});
