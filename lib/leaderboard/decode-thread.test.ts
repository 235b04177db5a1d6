import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompactBattles } from "@/lib/rating/types";
import { compileLeaderboardWorker } from "@/lib/testing/compile-worker";
import { decodeHere, type FlagFilter } from "@/lib/votes/compact-sink";
import { copyOutput, writeInChunks } from "@/lib/votes/copy-binary.mock";
import { FLAG_ANONY, FLAG_STYLE, PACK_ROW_BYTES } from "@/lib/votes/packs-sql";
import { decoderOn } from "./decode-thread";

// The leaderboard worker compiled as the build emits it (the decoding runs in it).
const dir = mkdtempSync(join(tmpdir(), "joust-decode-worker-"));
const workerFile = join(dir, "leaderboard.worker.mjs");
beforeAll(() => compileLeaderboardWorker(workerFile), 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("COPY BINARY output decoded in the leaderboard worker", () => {
  const filter: FlagFilter = { mask: FLAG_ANONY, want: FLAG_ANONY, noTies: false };
  /** `n` pack rows (float4 features), varied models, outcomes and flags, as a pack stores them: base64 text. */
  function packRows(n: number, seed: number): Buffer {
    const b = Buffer.alloc(n * PACK_ROW_BYTES);
    for (let i = 0, off = 0; i < n; i++, off += PACK_ROW_BYTES) {
      b.writeInt32BE(1 + ((i * 7 + seed) % 13), off);
      b.writeInt32BE(1 + ((i * 5 + seed) % 11), off + 4);
      b[off + 8] = (i % 3) | (i % 4 ? FLAG_ANONY : 0) | (i % 5 ? FLAG_STYLE : 0);
      for (let f = 0; f < 4; f++) b.writeFloatBE((i % 97) / 7 - f, off + 9 + 4 * f);
    }
    // PostgreSQL's encode(…, 'base64') breaks lines every 76 characters.
    return Buffer.from(b.toString("base64").replace(/.{76}/g, "$&\n"), "latin1");
  }
  const names = new Map(Array.from({ length: 14 }, (_, id) => [id, `m${id}`]));

  it("crosses in batches gathered from the chunks handed to it, and decodes as this thread does", async () => {
    // Two COPYs, 4 MB of rows and a NULL: more than one batch, packs spanning batches.
    const out = Buffer.concat([
      copyOutput([packRows(40_000, 1), null, packRows(40_000, 2)]),
      copyOutput([packRows(40_000, 3), packRows(40_003, 4)]),
    ]);
    const worker = new Worker(workerFile);
    try {
      const there = decoderOn(worker, () => undefined)(1000, true, filter);
      const here = decodeHere(1000, true, filter);
      writeInChunks(out, 65_536, (c) => (there.addCopy(c), here.addCopy(c)));
      const [got, want] = await Promise.all([there.finish(names), here.finish(names)]);
      expect(got.length).toBeGreaterThan(50_000);
      // The long arrays compared as bytes (toEqual walks them an element at a time), the rest as is.
      const split = ({ a, b, outcome, styleDiff, ...rest }: CompactBattles) => {
        const bytes = (x?: ArrayBufferView) =>
          x && Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");
        return { arrays: [a, b, outcome, styleDiff].map(bytes), rest };
      };
      expect(split(got)).toEqual(split(want));
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it("fails the read with a typed error when the output stops before its trailer", async () => {
    const out = copyOutput([packRows(1000, 1)]);
    const worker = new Worker(workerFile);
    try {
      const there = decoderOn(worker, () => undefined)(1000, true, filter);
      there.addCopy(out.subarray(0, out.length - 1));
      await expect(there.finish(names)).rejects.toMatchObject({ code: "internal:leaderboard" });
      const here = decodeHere(1000, true, filter);
      here.addCopy(out.subarray(0, out.length - 1));
      await expect(here.finish(names)).rejects.toMatchObject({ code: "internal:leaderboard" });
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
