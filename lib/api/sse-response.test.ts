import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { feedFrom } from "@/lib/feed";
import { sseDataText, sseErrorText } from "@/lib/sse";
import { sseResponse as feedResponse, WRITE_GAP_MS } from "./sse-response";

const enc = (s: string) => sseDataText(JSON.stringify(s));
const errEnc = (e: JoustError) => sseErrorText(e.toJSON());
const sseResponse = (src: AsyncIterable<string>, e: typeof enc, err: typeof errEnc) => feedResponse(feedFrom(src), e, err);

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
    expect(writes.join("")).toBe(Array.from({ length: 40 }, (_, i) => `data: "${i}"\n\n`).join("") + "data: [DONE]\n\n");
    expect(writes[0]).toBe('data: "0"\n\n');
    expect(writes.length).toBeLessThan(25);
  });

  it("throws a failure before the first item; later failures become an error event without [DONE]", async () => {
    // eslint-disable-next-line require-yield
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
});
