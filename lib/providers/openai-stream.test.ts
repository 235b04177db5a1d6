import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "@/lib/chat-protocol/types";
import { JoustError } from "@/lib/errors";
import { drainFeed } from "@/lib/feed";
import { chatFeed, streamChat } from "./remote-chat";
import type { ChoiceEvent } from "./types";
import { OpenAiStreamParser } from "./openai-stream";
import { setConfigForTests } from "./config";
import { startUpstream, stubConfig, stubReply, type StubHandle } from "./test-stub";

let stub: StubHandle;
beforeAll(async () => {
  stub = await startUpstream();
  stubConfig(stub.url);
});
afterAll(async () => {
  setConfigForTests(undefined);
  await stub.close();
});

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: "user" as const, content }],
  ...extra,
});

async function runBatches(name: string, req = ask("hello there"), signal = new AbortController().signal) {
  const batches: ChoiceEvent[][] = [];
  let error: JoustError | undefined;
  try {
    await drainFeed(chatFeed(name, req, signal), (b) => batches.push(b));
  } catch (e) {
    error = e as JoustError;
  }
  const chunks = batches.flat();
  return { batches, chunks, error, text: chunks.map((c) => (c.json ? (JSON.parse(c.json) as string) : "")).join("") };
}

describe.each(["gpt", "mistral", "local"])("%s passthrough (chatFeed)", (kind) => {
  it("gives exactly the content, finish and usage the SDK path gives, batched per upstream read", async () => {
    const sdk: ChatCompletionChunk[] = [];
    for await (const c of streamChat(kind, ask("hello there"), new AbortController().signal)) sdk.push(c);
    const r = await runBatches(kind);
    expect(r.error).toBeUndefined();
    const contents = (cs: Array<string | undefined>) => cs.filter((c) => c !== undefined);
    expect(contents(r.chunks.map((c) => (c.json ? (JSON.parse(c.json) as string) : undefined)))).toEqual(
      contents(sdk.map((c) => c.choices[0]?.delta.content)),
    );
    expect(r.text).toBe(stubReply("hello there"));
    expect(r.chunks.at(-1)).toEqual({ index: 0, finish: "stop", usage: sdk.at(-1)?.usage });
    expect(r.chunks.at(-1)?.usage?.completion_tokens).toBe(16);
    expect(r.batches.length).toBeLessThan(r.chunks.length);
  });

  it("honours max_tokens with finish_reason length", async () => {
    const r = await runBatches(kind, ask("hello there", { max_tokens: 5 }));
    expect(r.text).toBe(stubReply("hello there", 5));
    expect(r.chunks.at(-1)?.finish).toBe("length");
  });

  it("a stream cut mid-event is a typed upstream error after the partial text", async () => {
    const r = await runBatches(`${kind}-cut`);
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.text.length).toBeGreaterThan(0);
    expect(stubReply("hello there").startsWith(r.text)).toBe(true);
  });

  it("maps 429 (with Retry-After), 500 and malformed JSON to typed errors before any output", async () => {
    const limited = await runBatches(`${kind}-429`);
    expect(limited.error?.code).toBe("rate_limit:provider");
    expect(limited.error?.details?.retryAfter).toBe(7);
    expect(limited.chunks).toHaveLength(0);
    const failed = await runBatches(`${kind}-500`);
    expect(failed.error?.code).toBe("upstream:provider");
    expect(failed.error?.details?.status).toBe(500);
    expect((await runBatches(`${kind}-malformed`)).error?.code).toBe("upstream:provider");
  });

  it("aborting the signal stops the upstream stream", async () => {
    const ctl = new AbortController();
    let got = 0;
    let error: JoustError | undefined;
    try {
      await drainFeed(chatFeed(`${kind}-delay50`, ask("hi"), ctl.signal), (b) => {
        got += b.length;
        if (got >= 2) ctl.abort();
      });
    } catch (e) {
      error = e as JoustError;
    }
    expect(error?.code).toBe("aborted:chat");
    expect(got).toBeLessThan(6);
  });
});

describe("passthrough limits", () => {
  it("an idle upstream times out as timeout:provider", async () => {
    expect((await runBatches("gpt-slow")).error?.code).toBe("timeout:provider");
  });

  it("a rejected key is upstream:provider without the key in the message", async () => {
    const r = await runBatches("gpt-wrongkey");
    expect(r.error?.code).toBe("upstream:provider");
    expect(r.error?.details?.status).toBe(401);
    expect(r.error?.message).not.toContain("SECRET");
  });

  it("a caller that reports no usage (skipUsage) does not ask the upstream for it", async () => {
    // The stub sends usage (prompt = words + 3) only when asked with stream_options.include_usage;
    // without it, the finish event carries Joust's estimate (prompt = characters / 4).
    const asked = await runBatches("local");
    expect(asked.chunks.at(-1)?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 });
    const skipped = await runBatches("local", ask("hello there", { skipUsage: true }));
    expect(skipped.text).toBe(stubReply("hello there"));
    expect(skipped.chunks.at(-1)).toEqual({
      index: 0,
      finish: "stop",
      usage: { prompt_tokens: 3, completion_tokens: 16, total_tokens: 19 },
    });
  });

  it("with a stop sequence it falls back to the exact stop enforcement", async () => {
    const r = await runBatches("gpt", ask("hello there", { stop: "char" }));
    expect(r.text).toBe(stubReply("hello there").split("char")[0]);
  });

  it("300 concurrent streams all complete (no per-origin connection cap queues them)", {
    timeout: 30_000,
  }, async () => {
    const rs = await Promise.all(Array.from({ length: 300 }, (_, i) => runBatches("gpt-long", ask(`stream ${i}`))));
    expect(rs.filter((r) => r.error)).toEqual([]);
    rs.forEach((r, i) => expect(r.text).toBe(stubReply(`stream ${i}`, 64)));
  });
});

describe("OpenAiStreamParser", () => {
  const ev = (o: unknown) => `data: ${typeof o === "string" ? o : JSON.stringify(o)}\n\n`;
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null = null,
    extra: Record<string, unknown> = {},
  ) => ({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  const texts = (lits: string[]) => lits.map((l) => JSON.parse(l) as string);

  it("copies content literals as sent, escapes included, and parses what is not plain content", () => {
    const p = new OpenAiStreamParser("m");
    const tricky = ['He said \\"hi\\"', "tab\tnew\nline", "ünï😀", '"finish_reason":"stop"', '{"usage":{}}', "\\"];
    let out = p.feed(ev(chunk({ role: "assistant", content: "" })));
    expect(out).toEqual([]);
    expect(p.started).toBe(true);
    out = p.feed(tricky.map((t) => ev(chunk({ content: t }))).join(""));
    expect(texts(out)).toEqual(tricky);
    expect(out[0]).toBe(JSON.stringify(tricky[0]));
    out = p.feed(
      ev(chunk({}, "length")) +
        ev({ id: "c1", choices: [], usage: { prompt_tokens: 3, completion_tokens: 6 } }) +
        "data: [DONE]\n\n",
    );
    expect(out).toEqual([]);
    expect(p.finish).toBe("length");
    expect(p.usage).toEqual({ prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 });
    expect(p.pieces).toBe(tricky.length);
  });

  it("reads spaced JSON (Python servers), other key orders and \\u escapes the same way", () => {
    const p = new OpenAiStreamParser("m");
    p.feed(ev(chunk({ role: "assistant" })));
    const spaced =
      '{"id": "c1", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "a\\u00e9"}, "finish_reason": null}]}';
    const llamaCpp =
      '{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" b"}}],"created":1,"id":"c1","model":"m","object":"chat.completion.chunk"}';
    expect(texts(p.feed(ev(spaced) + ev(llamaCpp)))).toEqual(["aé", " b"]);
  });

  it("content that arrives with a finish reason, usage on every chunk, tool calls and refusals take the full parse", () => {
    const p = new OpenAiStreamParser("m");
    p.feed(ev(chunk({ role: "assistant", content: "" })));
    expect(
      texts(p.feed(ev(chunk({ content: "x" }, null, { usage: { prompt_tokens: 1, completion_tokens: 1 } })))),
    ).toEqual(["x"]);
    expect(p.usage?.completion_tokens).toBe(1);
    expect(p.feed(ev(chunk({ tool_calls: [{ index: 0, function: { arguments: "{}" } }] })))).toEqual([]);
    expect(p.feed(ev(chunk({ content: null, refusal: "no" })))).toEqual([]);
    expect(texts(p.feed(ev(chunk({ content: "end" }, "stop"))))).toEqual(["end"]);
    expect(p.finish).toBe("stop");
    expect(p.feed(ev(chunk({ content: "after the end" })))).toEqual([]);
  });

  it("one event per read, all events in one read, or cut every 7 characters: the same content, finish and usage", () => {
    const events = [
      ev(chunk({ role: "assistant", content: "" })),
      ...['He said \\"hi\\"', "tab\tnew\nline", "ünï😀", '"finish_reason":"stop"', "data: x\n\ndata: y"].map((t) =>
        ev(chunk({ content: t })),
      ),
      ev('{"id": "c1", "choices": [{"index": 0, "delta": {"content": "spaced"}, "finish_reason": null}]}'),
      ev(chunk({ content: "last" }, "stop")),
      ev({ id: "c1", choices: [], usage: { prompt_tokens: 2, completion_tokens: 7 } }),
      "data: [DONE]\n\n",
    ];
    const read = (pieces: string[]) => {
      const p = new OpenAiStreamParser("m");
      const out = pieces.flatMap((t) => p.feed(t));
      return { out, finish: p.finish, usage: p.usage, pieces: p.pieces };
    };
    const each = read(events);
    expect(texts(each.out)).toEqual([
      'He said \\"hi\\"',
      "tab\tnew\nline",
      "ünï😀",
      '"finish_reason":"stop"',
      "data: x\n\ndata: y",
      "spaced",
      "last",
    ]);
    expect(each).toMatchObject({
      finish: "stop",
      usage: { prompt_tokens: 2, completion_tokens: 7, total_tokens: 9 },
      pieces: 7,
    });
    const all = events.join("");
    expect(read([all])).toEqual(each);
    expect(read(Array.from({ length: Math.ceil(all.length / 7) }, (_, i) => all.slice(i * 7, i * 7 + 7)))).toEqual(
      each,
    );
  });

  it("events split across reads are joined; a truncated or broken chunk is a typed error, never relayed", () => {
    const p = new OpenAiStreamParser("m");
    p.feed(ev(chunk({ role: "assistant", content: "" })));
    const e = ev(chunk({ content: "split" }));
    expect(p.feed(e.slice(0, 40))).toEqual([]);
    expect(texts(p.feed(e.slice(40)))).toEqual(["split"]);
    const broken = '{"id":"c1","choices":[{"index":0,"delta":{"content":"oops"},"finish_reason":null}]';
    expect(() => p.feed(ev(broken))).toThrow(JoustError);
    expect(() => new OpenAiStreamParser("m").feed(ev({ error: { message: "boom" } }))).toThrow(/error mid-stream/);
    const q = new OpenAiStreamParser("m");
    q.feed(ev(chunk({ role: "assistant", content: "" })));
    expect(() =>
      q.feed(
        ev({
          id: "c1",
          choices: [{ index: 0, delta: { content: "x" }, finish_reason: null }],
          error: { message: "late" },
        }),
      ),
    ).toThrow(/error mid-stream/);
  });
});
