import { describe, expect, it } from "vitest";
import { formatBytes, formatEta, ProgressTracker } from "./download";

describe("ProgressTracker", () => {
  it("derives bytes, %, rate and ETA from byte reports", () => {
    let t = 0;
    const tr = new ProgressTracker(undefined, () => t);
    expect(tr.update({ text: "a", loadedBytes: 0, totalBytes: 1000 })).toEqual({
      text: "a",
      fraction: 0,
      loadedBytes: 0,
      totalBytes: 1000,
    });
    t = 2000;
    expect(tr.update({ text: "b", loadedBytes: 400, totalBytes: 1000 })).toEqual({
      text: "b",
      fraction: 0.4,
      loadedBytes: 400,
      totalBytes: 1000,
      bytesPerSecond: 200,
      etaSeconds: 3,
    });
  });

  it("uses the catalog size hint when the engine only reports a fraction", () => {
    let t = 0;
    const tr = new ProgressTracker(10_000, () => t);
    tr.update({ text: "x", progress: 0.1 });
    t = 1000;
    const p = tr.update({ text: "x", progress: 0.3 });
    expect(p).toMatchObject({ fraction: 0.3, loadedBytes: 3000, totalBytes: 10_000, bytesPerSecond: 2000 });
    expect(p.etaSeconds).toBeCloseTo(3.5);
  });

  it("reports text only when nothing is measurable", () => {
    expect(new ProgressTracker().update({ text: "Loading" })).toEqual({
      text: "Loading",
      fraction: undefined,
      loadedBytes: undefined,
      totalBytes: undefined,
    });
  });
});

describe("formatting", () => {
  it("formats sizes and durations", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1_400_000)).toBe("1.4 MB");
    expect(formatBytes(undefined)).toBe("—");
    expect(formatEta(3.2)).toBe("4 s");
    expect(formatEta(125)).toBe("2 min 5 s");
  });
});
