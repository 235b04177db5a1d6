import { describe, expect, it } from "vitest";
import { frameThrottle } from "./frame-throttle";

function manualFrames() {
  let queued: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => {
      queued.push(cb);
      return () => (queued = queued.filter((c) => c !== cb));
    },
    tick: () => {
      const q = queued;
      queued = [];
      for (const cb of q) cb();
    },
    count: () => queued.length,
  };
}

describe("frameThrottle", () => {
  it("delivers the first value at once, then at most the latest value per frame", () => {
    const frames = manualFrames();
    const seen: string[] = [];
    const t = frameThrottle<string>((v) => seen.push(v), frames.schedule);
    t.push("a");
    expect(seen).toEqual(["a"]);
    t.push("ab");
    t.push("abc");
    t.push("abcd");
    expect(seen).toEqual(["a"]);
    expect(frames.count()).toBe(1);
    frames.tick();
    expect(seen).toEqual(["a", "abcd"]);
    frames.tick();
    expect(seen).toEqual(["a", "abcd"]);
  });

  it("flush delivers the pending value immediately and only once", () => {
    const frames = manualFrames();
    const seen: number[] = [];
    const t = frameThrottle<number>((v) => seen.push(v), frames.schedule);
    t.push(1);
    t.push(2);
    t.push(3);
    t.flush();
    expect(seen).toEqual([1, 3]);
    expect(frames.count()).toBe(0);
    frames.tick();
    t.flush();
    expect(seen).toEqual([1, 3]);
  });

  it("cancel drops the pending value", () => {
    const frames = manualFrames();
    const seen: number[] = [];
    const t = frameThrottle<number>((v) => seen.push(v), frames.schedule);
    t.push(1);
    t.push(2);
    t.cancel();
    frames.tick();
    t.flush();
    expect(seen).toEqual([1]);
  });
});
