import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTinyModel } from "@/scripts/tiny-model/generate.mjs";
import { JoustError } from "@/lib/errors";
import { collect } from "@/lib/chat-protocol/chunks";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/chat-protocol/types";
import type { Tensor } from "@huggingface/transformers";
import { encodeChat, streamChat, type LoadedTextModel } from "./generate-core";
import { loadModelFromDir } from "./node-model";

const root = mkdtempSync(join(tmpdir(), "tiny-gen-"));
let loaded: LoadedTextModel;
const messages: ChatRequest["messages"] = [{ role: "user", content: "Tell me a story about the river." }];

beforeAll(async () => {
  const dir = join(root, "tiny-chat");
  generateTinyModel(dir);
  loaded = await loadModelFromDir(dir);
});
afterAll(async () => {
  await loaded?.model.dispose();
  rmSync(root, { recursive: true, force: true });
});

const run = (req: Partial<ChatRequest>, signal?: AbortSignal) =>
  collect(streamChat(loaded, { messages, ...req }, signal));

describe("transformers generate-core on the tiny model (onnxruntime-node)", () => {
  it("greedy decoding is deterministic and produces varied text", async () => {
    const a = await run({ max_tokens: 40 });
    const b = await run({ max_tokens: 40, temperature: 0 });
    expect(a.text).toBe(b.text);
    expect(a.finishReason).toBe("length");
    expect(a.usage?.completion_tokens).toBe(40);
    expect(new Set(a.text.trim().split(/\s+/)).size).toBeGreaterThan(8);
  });

  it("the streamed text equals a plain (non-streaming) transformers.js generate + full decode", async () => {
    const streamed = await run({ max_tokens: 50 });
    const inputs = encodeChat(loaded.tokenizer, messages);
    const out = (await loaded.model.generate({ ...inputs, max_new_tokens: 50, do_sample: false } as never)) as Tensor;
    const n = inputs.input_ids.dims[1];
    const ids = (out.tolist() as bigint[][])[0].slice(n);
    expect(ids.length).toBe(50);
    expect(streamed.text).toBe(loaded.tokenizer.decode(ids, { skip_special_tokens: true }));
  });

  it("two concurrent streams on one model run one after the other, each with the right text", async () => {
    const solo = await run({ max_tokens: 20 });
    const other = [{ role: "user" as const, content: "hello" }];
    const soloOther = await collect(streamChat(loaded, { messages: other, max_tokens: 20 }));
    const [a, b] = await Promise.all([
      run({ max_tokens: 20 }),
      collect(streamChat(loaded, { messages: other, max_tokens: 20 })),
    ]);
    expect(a.text).toBe(solo.text);
    expect(b.text).toBe(soloOther.text);
    expect(a.text).not.toBe(b.text);
  });

  it("streams token by token as OpenAI-shaped chunks ending with finish_reason and usage", async () => {
    const chunks: ChatCompletionChunk[] = [];
    for await (const c of streamChat(loaded, { messages, max_tokens: 12 })) chunks.push(c);
    expect(chunks.length).toBeGreaterThanOrEqual(12);
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices[0].finish_reason).toBe("length");
    expect(last.usage).toMatchObject({ completion_tokens: 12 });
    expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + 12);
  });

  it("max_tokens yields exactly that many tokens and a prefix of the longer reply", async () => {
    const long = await run({ max_tokens: 40 });
    const short = await run({ max_tokens: 7 });
    expect(short.finishReason).toBe("length");
    expect(short.usage?.completion_tokens).toBe(7);
    const ids = loaded.tokenizer.encode(short.text, { add_special_tokens: false });
    expect(ids.length).toBe(7);
    expect(long.text.startsWith(short.text)).toBe(true);
  });

  it("cuts exactly before a stop sequence that spans tokens and finishes with 'stop'", async () => {
    const full = (await run({ max_tokens: 40 })).text;
    const words = full.split(" ");
    // Stop on the middle of two consecutive words, e.g. "er wat" — several tokens wide.
    const at = full.indexOf(` ${words[8]} ${words[9]}`) + 2;
    const stop = full.slice(at, at + words[8].length + 2);
    const expected = full.slice(0, full.indexOf(stop));
    const r = await run({ max_tokens: 40, stop: [stop, "zzzz-never"] });
    expect(r.finishReason).toBe("stop");
    expect(r.text).toBe(expected);
    expect(r.text.length).toBeGreaterThan(10);
    expect(r.text).not.toContain(stop);
  });

  it("abort mid-generation keeps the partial text and finishes with 'abort'", async () => {
    const full = (await run({ max_tokens: 60 })).text;
    const ac = new AbortController();
    let text = "";
    let seen = 0;
    let finish: string | null = null;
    for await (const c of streamChat(loaded, { messages, max_tokens: 60 }, ac.signal)) {
      text += c.choices[0].delta.content ?? "";
      finish = c.choices[0].finish_reason ?? finish;
      if (++seen === 5) ac.abort();
    }
    expect(finish).toBe("abort");
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(full.length);
    expect(full.startsWith(text)).toBe(true);
  });

  it("seeded sampling is reproducible; top_p near 0 degenerates to greedy", async () => {
    const a = await run({ max_tokens: 20, temperature: 1.2, seed: 7 });
    const b = await run({ max_tokens: 20, temperature: 1.2, seed: 7 });
    const c = await run({ max_tokens: 20, temperature: 1.2, seed: 8 });
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
    const greedy = await run({ max_tokens: 20 });
    expect((await run({ max_tokens: 20, temperature: 1, top_p: 1e-6, seed: 3 })).text).toBe(greedy.text);
  });

  it("refuses a prompt that overflows the context window with a typed error", async () => {
    const long = [{ role: "user" as const, content: "the river ".repeat(400) }];
    const err = await collect(streamChat(loaded, { messages: long })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JoustError);
    expect((err as JoustError).code).toBe("context_overflow:engine");
    expect((err as JoustError).message).toMatch(
      /\d+ prompt tokens \+ 1 requested exceed the model's 512-token context window/,
    );
    const err2 = await run({ max_tokens: 600 }).catch((e: unknown) => e);
    expect((err2 as JoustError).code).toBe("context_overflow:engine");
    expect((err2 as JoustError).message).toMatch(/\+ 600 requested exceed the model's 512-token/);
  });
});
