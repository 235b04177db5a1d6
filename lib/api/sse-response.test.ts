import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { feedFrom } from "@/lib/feed";
import { sseDataText, sseErrorText } from "@/lib/sse";
import type { Feed, FeedSink } from "@/lib/feed";
import { openSse, sseResponse as feedResponse, WRITE_GAP_MS } from "./sse-response";

const enc = (s: string) => sseDataText(JSON.stringify(s));
const errEnc = (e: JoustError) => sseErrorText(e.toJSON());
const sseResponse = (src: AsyncIterable<string>, e: typeof enc, err: typeof errEnc) =>
  feedResponse(feedFrom(src), e, err);

async function reads(res: Response): Promise<string[]> {
  const r = res.body!.getReader();
  const out: string[] = [];
  const dec = new TextDecoder();
  for (;;) {
    const { value, done } = await r.read();
    if (done) return out;
    out.push(dec.decode(value));
  }
}

describe("sseResponse", () => {
  it("writes the first item alone, coalesces ready items, ends with [DONE]", async () => {
    async function* src() {
      for (const s of ["a", "b", "c", "d"]) yield s;
    }
    const writes = await reads(await sseResponse(src(), enc, errEnc));
    expect(writes[0]).toBe('data: "a"\n\n');
    expect(writes.slice(1).join("")).toBe('data: "b"\n\ndata: "c"\n\ndata: "d"\n\ndata: [DONE]\n\n');
    expect(writes.length).toBeLessThan(5);
  });

  it("writes each item of a slow source as it arrives", async () => {
    async function* src() {
      for (const s of ["a", "b", "c"]) {
        await new Promise((r) => setTimeout(r, 8));
        yield s;
      }
    }
    const writes = await reads(await sseResponse(src(), enc, errEnc));
    expect(writes.slice(0, 3)).toEqual(['data: "a"\n\n', 'data: "b"\n\n', 'data: "c"\n\n']);
    expect(writes.slice(3).join("")).toBe("data: [DONE]\n\n");
  });

  it(`joins items that come faster than one write per ${WRITE_GAP_MS} ms`, async () => {
    async function* src() {
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield String(i);
      }
    }
    const writes = await reads(await sseResponse(src(), enc, errEnc));
    expect(writes.join("")).toBe(
      Array.from({ length: 40 }, (_, i) => `data: "${i}"\n\n`).join("") + "data: [DONE]\n\n",
    );
    expect(writes[0]).toBe('data: "0"\n\n');
    expect(writes.length).toBeLessThan(25);
  });

  it("throws a failure before the first item; later failures become an error event without [DONE]", async () => {
    // biome-ignore lint/correctness/useYield: a stream that fails before its first item
    async function* early(): AsyncGenerator<string> {
      throw new JoustError("rate_limit:provider", "slow down");
    }
    await expect(sseResponse(early(), enc, errEnc)).rejects.toMatchObject({ code: "rate_limit:provider" });
    async function* late() {
      yield "a";
      await new Promise((r) => setTimeout(r, 2));
      throw new JoustError("upstream:provider", "cut");
    }
    const text = (await reads(await sseResponse(late(), enc, errEnc))).join("");
    expect(text).toBe('data: "a"\n\nevent: error\ndata: {"error":{"code":"upstream:provider","message":"cut"}}\n\n');
  });

  it("cancelling the response stops the source", async () => {
    let finished = false;
    async function* src() {
      try {
        for (let i = 0; ; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield String(i);
        }
      } finally {
        finished = true;
      }
    }
    const res = await sseResponse(src(), enc, errEnc);
    const r = res.body!.getReader();
    await r.read();
    await r.cancel();
    expect(finished).toBe(true);
  });

  it("a client that cannot keep up pauses the feed, and everything arrives once it drains", async () => {
    // A push feed of 400 items of 1 KB, as fast as it may; pauses are counted.
    let sink!: FeedSink<string>;
    let paused = false;
    let pauses = 0;
    let sent = 0;
    const pump = () => {
      while (!paused && sent < 400) sink.push("x".repeat(1000) + String(sent++).padStart(4, "0"));
      if (sent === 400) sink.end();
    };
    const feed: Feed<string> = {
      start(s) {
        sink = s;
        setImmediate(pump);
      },
      pause() {
        if (!paused) pauses++;
        paused = true;
      },
      resume() {
        if (!paused) return;
        paused = false;
        setImmediate(pump);
      },
      cancel() {},
    };
    const stream = await openSse(
      feed,
      (s) => s + "\n",
      () => "error\n",
    );
    // A socket-like client whose buffer (100 KB, more than the 64 KB held before pausing) drains 5 ms after it filled up ('drain' → ready()).
    let text = "";
    let ended = false;
    let buffered = 0;
    await new Promise<void>((resolve) => {
      stream.attach(
        {
          write(t) {
            text += t;
            buffered += t.length;
            if (buffered < 100_000) return true;
            setTimeout(() => {
              buffered = 0;
              stream.ready();
            }, 5);
            return false;
          },
          end(t) {
            text += t;
            ended = true;
            resolve();
          },
        },
        true,
      );
    });
    expect(ended).toBe(true);
    const lines = text.split("\n").filter(Boolean);
    expect(lines.slice(0, 400).map((l) => Number(l.slice(1000)))).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(lines.at(-1)).toBe("data: [DONE]");
    expect(pauses).toBeGreaterThan(0);
  });
});
