import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "@/lib/rating/random";
import { fitStyleControl, SPLIT_MIN } from "@/lib/rating/style-control";
import { emptyStyleData, standardiseStyle, STYLE_K } from "@/lib/rating/style-features";
import type { StyleData } from "@/lib/rating/types";
import { HelperThread } from "./helper-thread";
import { type PassJob, passesOn } from "./pass-thread";

// A fit over SPLIT_MIN battles sums each pass in chunks; with a helper thread taking chunks the result must
// be the same bits as on one thread, whether the helper sums some of every pass, none, or takes a chunk and
// never finishes it.
const dir = mkdtempSync(join(tmpdir(), "joust-passes-"));
const workers: Worker[] = [];
afterAll(() => {
  for (const w of workers) void w.terminate();
  rmSync(dir, { recursive: true, force: true });
});

function data(n: number): StyleData {
  const rng = createRng(11);
  const m = 8;
  const d = emptyStyleData(m, n);
  const raw = new Float64Array(n * STYLE_K);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rng.next() * m);
    d.a[i] = a;
    d.b[i] = (a + 1 + Math.floor(rng.next() * (m - 1))) % m;
    for (let f = 0; f < STYLE_K; f++) raw[i * STYLE_K + f] = rng.next() - 0.5;
    const edge = (d.a[i] - d.b[i]) / 8 + raw[i * STYLE_K] * 0.6;
    const u = rng.next();
    d.y[i] = u < 0.1 ? 0.5 : u < 0.1 + 0.9 / (1 + Math.exp(-edge)) ? 1 : 0;
  }
  d.x.set(standardiseStyle(raw, n).x);
  return d;
}

/** The leaderboard worker (TypeScript, through tsx) as the app pairs it: serving jobs on a port. */
function realHelper(): HelperThread {
  const url = new URL("./leaderboard.worker.ts", import.meta.url).href;
  const w = new Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(url)}); })`, {
    eval: true,
  });
  workers.push(w);
  const { port1, port2 } = new MessageChannel();
  w.postMessage({ serve: port2 }, [port2]);
  return new HelperThread(port1);
}

/** A thread that takes a chunk of the first pass it is offered and never sums it. */
function hangingHelper() {
  const p = join(dir, "hang.mjs");
  writeFileSync(
    p,
    `import { parentPort } from "node:worker_threads";
     parentPort.on("message", ({ job }) => { Atomics.wait(job.ctrl, 0, 0); Atomics.add(job.ctrl, 1, 1); });\n`,
  );
  const w = new Worker(pathToFileURL(p));
  workers.push(w);
  return { passes: (job: PassJob) => (w.postMessage({ job }), true) };
}

describe("style-controlled fit passes on two threads", () => {
  const d = data(SPLIT_MIN + 1);
  const alone = fitStyleControl(d, null, { noLoss: true });

  it("converges on one thread with the split passes", () => {
    expect(alone.converged).toBe(true);
    expect(alone.iterations).toBeGreaterThan(2);
  });

  it("gives the same bits with a helper thread summing chunks of each pass", async () => {
    const thread = realHelper();
    const helper = passesOn(thread);
    // Let the worker start (tsx compiles it), so it is there to claim passes.
    await new Promise((r) => setTimeout(r, 3000));
    const fit = fitStyleControl(d, null, { noLoss: true, helper });
    expect([...fit.theta]).toEqual([...alone.theta]);
    expect(helper.helped()).toBeGreaterThan(0);
    // The helper is free again after the fit: a second fit is helped too.
    const again = passesOn(thread);
    expect([...fitStyleControl(d, null, { noLoss: true, helper: again }).theta]).toEqual([...alone.theta]);
    expect(again.helped()).toBeGreaterThan(0);
    thread.close();
  }, 60_000);

  it("gives the same bits when the helper never takes a pass", () => {
    const helper = passesOn({ passes: () => true });
    expect([...fitStyleControl(d, null, { noLoss: true, helper }).theta]).toEqual([...alone.theta]);
    expect(helper.helped()).toBe(0);
  });

  it("gives the same bits when the helper takes a chunk and never finishes it", async () => {
    const helper = passesOn(hangingHelper());
    await new Promise((r) => setTimeout(r, 500));
    expect([...fitStyleControl(d, null, { noLoss: true, helper }).theta]).toEqual([...alone.theta]);
    expect(helper.helped()).toBe(0);
  }, 60_000);
});
