import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { CompactBuilder } from "@/lib/rating/compact";
import { createRng } from "@/lib/rating/random";
import { bootstrapStyleControl } from "@/lib/rating/style-bootstrap";
import { fitStyleControl } from "@/lib/rating/style-control";
import { styleData } from "@/lib/rating/style-ratings";
import { type RoundsHelper, type RoundsJob, styleBootstrapOn } from "./rounds-threads";

// The helper thread that takes rounds is the compiled CLI (scripts/leaderboard-cli.test.ts checks it gives
// the same samples as one thread). Here the helper misbehaves, and the caller must still return every
// round, exactly: a helper that takes no rounds, and a worker thread that claims one and never finishes it.
const dir = mkdtempSync(join(tmpdir(), "joust-style-threads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const helper = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return pathToFileURL(p);
};

function data() {
  const rng = createRng(3);
  const b = new CompactBuilder({ style: true });
  for (let k = 0; k < 30_000; k++) {
    const a = Math.floor(rng.next() * 5);
    const c = (a + 1 + Math.floor(rng.next() * 4)) % 5;
    const ta = 100 + Math.floor(rng.next() * 400),
      tb = 100 + Math.floor(rng.next() * 400);
    const meta = { sum_assistant_a_tokens: ta, sum_assistant_b_tokens: tb, header_count_a: k % 3, header_count_b: 0 };
    const winner = rng.next() < 0.5 + (ta - tb) / 2000 ? "model_a" : "model_b";
    const more = { list_count_a: 1, list_count_b: 2, bold_count_a: k % 2, bold_count_b: 1 };
    b.add({ model_a: `m${a}`, model_b: `m${c}`, winner, conv_metadata: { ...meta, ...more } });
  }
  const d = styleData(b.finish());
  expect(d.n).toBe(30_000);
  return { d, reference: fitStyleControl(d).theta };
}

/** A worker thread that says it is ready, then claims one round of each job and never finishes it. */
async function hangingHelper(): Promise<RoundsHelper & { close(): void }> {
  const { Worker } = await import("node:worker_threads");
  const w = new Worker(
    helper(
      "hang.mjs",
      `import { parentPort } from "node:worker_threads";
       parentPort.on("message", (job) => { const r = Atomics.add(job.next, 0, 1); Atomics.store(job.state, r, 1); });
       parentPort.postMessage("ready");\n`,
    ),
  );
  await once(w, "message");
  return { rounds: (job: RoundsJob) => (w.postMessage(job), true), close: () => void w.terminate() };
}
const idle: RoundsHelper = { rounds: () => true };

describe("style bootstrap rounds on two threads", () => {
  const { d, reference } = data();
  // Enough rounds that this thread is still busy when the helper, already listening, gets the job.
  const opts = { rounds: 20, seed: 4, reference };
  const expected = bootstrapStyleControl(d, opts);
  expect(expected.ratings.every((x) => Number.isFinite(x))).toBe(true);

  it("style: computes every round itself when the helper takes none", () => {
    const got = styleBootstrapOn(idle)(d, opts);
    expect([...got.ratings]).toEqual([...expected.ratings]);
    expect([...got.coefficients]).toEqual([...expected.coefficients]);
  });

  it("style: recomputes a round the helper claimed and never finished", async () => {
    const h = await hangingHelper();
    try {
      const t = performance.now();
      const got = styleBootstrapOn(h)(d, opts);
      expect([...got.ratings]).toEqual([...expected.ratings]);
      expect([...got.coefficients]).toEqual([...expected.coefficients]);
      expect(performance.now() - t).toBeGreaterThan(1500); // it waited for the helper before taking over
    } finally {
      h.close();
    }
  });
});
