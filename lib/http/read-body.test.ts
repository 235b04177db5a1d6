import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBodySource } from "./read-body";

const enc = (s: string) => new TextEncoder().encode(s);
const web = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc(p));
      c.close();
    },
  });

describe("readBodySource", () => {
  it("reads web streams and Node streams alike, multi-byte characters split across chunks included", async () => {
    const bytes = enc('{"text":"héllo wörld"}');
    const parts = [bytes.slice(0, 11), bytes.slice(11)];
    expect(await readBodySource(new Blob(parts).stream(), null, 1000, "api")).toBe('{"text":"héllo wörld"}');
    expect(await readBodySource(Readable.from(parts.map((p) => Buffer.from(p))), null, 1000, "api")).toBe(
      '{"text":"héllo wörld"}',
    );
    expect(await readBodySource(null, null, 1000, "api")).toBe("");
  });

  it("refuses more than the limit by Content-Length and by what arrives", async () => {
    await expect(readBodySource(web(["x"]), "5000", 1000, "api")).rejects.toMatchObject({
      code: "payload_too_large:api",
    });
    await expect(readBodySource(web(["x".repeat(600), "x".repeat(600)]), null, 1000, "api")).rejects.toMatchObject({
      code: "payload_too_large:api",
    });
    const node = new PassThrough();
    const reading = readBodySource(node, null, 1000, "api");
    node.write("x".repeat(600));
    node.write("x".repeat(600));
    await expect(reading).rejects.toMatchObject({ code: "payload_too_large:api" });
    expect(node.isPaused()).toBe(true);
  });

  it("a Node body whose client goes away is a typed error, not a hang", async () => {
    const node = new PassThrough();
    const reading = readBodySource(node, null, 1000, "api");
    node.write('{"partial":');
    node.destroy();
    await expect(reading).rejects.toMatchObject({ code: "aborted:api" });
  });
});
