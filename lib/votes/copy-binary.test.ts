import { describe, expect, it } from "vitest";
import { CopyBinaryParser } from "./copy-binary";
import { COPY_SIGNATURE as SIGNATURE, copyOutput, writeInChunks } from "./copy-binary.mock";

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 255);

/** What the parser hands on for `chunks`, each value copied (a view is only valid during the call). */
function parse(chunks: Uint8Array[]): number[][] {
  const got: number[][] = [];
  const p = new CopyBinaryParser((v) => got.push([...v]));
  for (const c of chunks) p.write(c);
  p.end();
  return got;
}

describe("CopyBinaryParser", () => {
  const values = [bytes(25, 1), null, bytes(50, 2), new Uint8Array(0), bytes(3, 3)];
  const want = values.filter((v) => v !== null).map((v) => [...v]);

  it("hands on each non-NULL value in order, from one chunk", () => {
    expect(parse([copyOutput(values)])).toEqual(want);
  });

  it("reads the same however the output is cut in two, inside the header and the length words too", () => {
    const out = copyOutput(values, Buffer.from("ext"));
    for (let cut = 0; cut <= out.length; cut++)
      expect(parse([out.subarray(0, cut), out.subarray(cut)]), `cut at ${cut}`).toEqual(want);
  });

  it("reads the same a byte at a time, and in chunks of every size", () => {
    const out = copyOutput(values);
    for (let size = 1; size <= out.length; size++) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < out.length; at += size) chunks.push(out.subarray(at, at + size));
      expect(parse(chunks), `chunks of ${size}`).toEqual(want);
    }
  });

  it("reads COPY outputs that follow one another", () => {
    const two = Buffer.concat([copyOutput([bytes(4, 1)]), copyOutput([]), copyOutput([null, bytes(5, 2)])]);
    expect(parse([two.subarray(0, 30), two.subarray(30)])).toEqual([[...bytes(4, 1)], [...bytes(5, 2)]]);
    expect(parse([])).toEqual([]);
  });

  it("does not keep views of the chunks it was given", () => {
    const got: Uint8Array[] = [];
    const p = new CopyBinaryParser((v) => got.push(v));
    writeInChunks(copyOutput([bytes(40, 5)]), 16, (c) => p.write(c));
    p.end();
    expect(got.map((v) => [...v])).toEqual([[...bytes(40, 5)]]);
  });

  it("fails an output cut short, wherever it stops", () => {
    const out = copyOutput(values);
    for (let cut = 1; cut < out.length; cut++) {
      const p = new CopyBinaryParser(() => undefined);
      p.write(out.subarray(0, cut));
      expect(() => p.end(), `cut at ${cut}`).toThrow(expect.objectContaining({ code: "internal:leaderboard" }));
    }
  });

  it("fails what is not COPY BINARY output of one column", () => {
    const fail = (b: Uint8Array) => () => parse([b]);
    const wrong = copyOutput([bytes(4, 1)]);
    wrong[5] = 0x58; // "PGCOPX"
    expect(fail(wrong)).toThrow(/wrong signature/);
    expect(fail(Buffer.from("id\tvalue\n1\tCOPY in text format\n"))).toThrow(/wrong signature/);
    const oids = copyOutput([]);
    oids.writeUInt32BE(1 << 16, SIGNATURE.length);
    expect(fail(oids)).toThrow(/critical flags/);
    const twoFields = copyOutput([bytes(4, 1)]);
    twoFields.writeInt16BE(2, SIGNATURE.length + 8);
    expect(fail(twoFields)).toThrow(/2 fields/);
    const badLength = copyOutput([bytes(4, 1)]);
    badLength.writeInt32BE(-2, SIGNATURE.length + 10);
    expect(fail(badLength)).toThrow(expect.objectContaining({ code: "internal:leaderboard" }));
    // Bytes after a trailer must be the next output's header.
    expect(fail(Buffer.concat([copyOutput([]), Buffer.from([0, 1])]))).toThrow();
  });
});
