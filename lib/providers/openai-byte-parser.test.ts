import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { OpenAiByteParser, textOfBytes } from "./openai-byte-parser";
import { OpenAiStreamParser } from "./openai-stream-parser";
import type { ChoiceEvent } from "./types";

const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
  JSON.stringify({
    id: "c",
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

/** A body exercising both parsers' paths: full parses, copied plain chunks, non-ASCII, escapes, SSE's other forms. */
function body(lineEnd: "\n" | "\r\n"): string {
  const events = [
    `data: ${chunk({ role: "assistant", content: "" })}`,
    `data: ${chunk({ content: "Grüße, " })}`, // copied: multi-byte UTF-8 in the literal
    `data: ${chunk({ content: '🌍 "quoted" \u00e9\n' })}`, // escapes in the literal
    ": a comment line",
    `event: message\ndata: ${chunk({ content: "after an event name" })}`,
    `data: {"id":"c","choices":[{"index":0,\ndata: "delta":{"content":"split over two data lines ✓"},"finish_reason":null}]}`,
    `data: ${chunk({ content: "" })}`, // nothing to relay
    `data:${chunk({ content: "no space after the colon" })}`,
    `data: ${chunk({ content: "täst" }, "stop")}`, // the finish: parsed in full, content kept
    `data: ${chunk({}, null, { usage: { prompt_tokens: 3, completion_tokens: 9 } })}`,
    "data: [DONE]",
  ];
  return events.map((e) => e.replaceAll("\n", lineEnd) + lineEnd + lineEnd).join("");
}

/** Feeds `text` in pieces cut at `cuts` (byte offsets): the byte parser gets latin1 pieces of the UTF-8 bytes. */
function viaBytes(text: string, cuts: number[]) {
  const bytes = Buffer.from(text, "utf8");
  const p = new OpenAiByteParser("m");
  const out: string[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    p.feed(bytes.subarray(at, c).toString("latin1"), out);
    at = c;
  }
  return { contents: out.map((l) => JSON.parse(textOfBytes(l)) as string), p };
}

function viaText(text: string) {
  const p = new OpenAiStreamParser("m");
  return { contents: p.feed(text).map((l) => JSON.parse(l) as string), p };
}

describe("OpenAiByteParser", () => {
  for (const lineEnd of ["\n", "\r\n"] as const)
    it(`reads what OpenAiStreamParser reads, however the bytes are cut (${JSON.stringify(lineEnd)} line ends)`, () => {
      const text = body(lineEnd);
      const want = viaText(text);
      expect(want.contents).toEqual([
        "Grüße, ",
        '🌍 "quoted" é\n',
        "after an event name",
        "split over two data lines ✓",
        "no space after the colon",
        "täst",
      ]);
      const size = Buffer.byteLength(text);
      // Every single cut (inside multi-byte characters and between \r and \n included), then random triples.
      const cutSets: number[][] = Array.from({ length: size - 1 }, (_, i) => [i + 1]);
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % size;
      for (let k = 0; k < 200; k++) cutSets.push([rnd(), rnd(), rnd()].sort((a, b) => a - b));
      for (const cuts of cutSets) {
        const got = viaBytes(text, cuts);
        expect(got.contents, `cuts ${cuts}`).toEqual(want.contents);
        expect([got.p.finish, got.p.usage, got.p.pieces]).toEqual([want.p.finish, want.p.usage, want.p.pieces]);
      }
      expect(want.p.finish).toBe("stop");
      expect(want.p.usage).toEqual({ prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 });
    });

  it("reads tool-call and log-probability events as OpenAiStreamParser.feedEvents does, every part in bytes", () => {
    const lp = (token: string) => ({
      content: [{ token, logprob: -0.5, bytes: null, top_logprobs: [] }],
      refusal: null,
    });
    const call = { index: 0, id: "call_1", type: "function", function: { name: "lookup", arguments: "" } };
    const text = [
      chunk({ role: "assistant", content: null, tool_calls: [call] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":"Grü' } }] }), // copied fragments
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ße 🌍"}' } }] }),
      chunk({ content: "naïve" }, null, {}).replace(
        '"finish_reason"',
        `"logprobs":${JSON.stringify(lp("naïve"))},"finish_reason"`,
      ),
      chunk({}, "tool_calls"),
    ]
      .map((c) => `data: ${c}\n\n`)
      .join("");
    const norm = (e: ChoiceEvent, bytes: boolean) => {
      const t = (s?: string) => (s === undefined ? undefined : JSON.parse(bytes ? textOfBytes(s) : s));
      return {
        json: t(e.json),
        tools: e.toolCalls ?? t(e.toolCallsJson),
        lps: e.logprobs ?? t(e.logprobsJson)?.content,
      };
    };
    const want = new OpenAiStreamParser("m").feedEvents(text).map((e) => norm(e, false));
    expect(want).toHaveLength(4);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new OpenAiByteParser("m");
      const got: ChoiceEvent[] = [];
      p.feedEvents(bytes.subarray(0, cut).toString("latin1"), got);
      p.feedEvents(bytes.subarray(cut).toString("latin1"), got);
      for (const e of got) expect(e.toolCalls ?? e.logprobs).toBeUndefined(); // parts as text only
      expect(
        got.map((e) => norm(e, true)),
        `cut ${cut}`,
      ).toEqual(want);
      expect(p.finish).toBe("tool_calls");
    }
  });

  it("a literal copied from a plain chunk is the upstream's bytes, unchanged", () => {
    const p = new OpenAiByteParser("m");
    const out: string[] = [];
    const text = `data: ${chunk({ content: "a" })}\n\ndata: ${chunk({ content: "ß→😀" })}\n\n`;
    p.feed(Buffer.from(text).toString("latin1"), out);
    expect(out.map((l) => Buffer.from(l, "latin1"))).toEqual([Buffer.from('"a"'), Buffer.from('"ß→😀"')]);
  });

  it("a malformed chunk, an error reported mid-stream or an event without end fails with a typed error", () => {
    const feed = (text: string) => () => new OpenAiByteParser("m").feed(text, []);
    expect(feed(`data: ${chunk({ content: "a" })}\n\ndata: {"choices":[\n\n`)).toThrow(JoustError);
    expect(feed(`data: {"error":{"message":"overloaded"}}\n\n`)).toThrow(/error mid-stream/);
    const p = new OpenAiByteParser("m");
    expect(() => p.feed(`data: "${"x".repeat(5 << 20)}`, [])).toThrow(/malformed/);
  });
});
