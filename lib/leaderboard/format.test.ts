import { describe, expect, it } from "vitest";
import { countColor, dateToEpoch, formatCi, formatPercent, shortLabel, winFractionColor } from "./format";

describe("leaderboard formatting", () => {
  it("formats the interval as +x/-y around the rating", () => {
    expect(formatCi(1100, 1090.2, 1112.7)).toBe("+13/-10");
    expect(formatCi(1100, NaN, 1200)).toBe("–");
  });
  it("formats percentages and missing values", () => {
    expect(formatPercent(0.756)).toBe("76%");
    expect(formatPercent(null)).toBe("–");
  });
  it("maps win fractions and counts to colours", () => {
    expect(winFractionColor(0.5)).toBe("rgb(255,255,255)");
    expect(winFractionColor(0)).toBe("rgb(220,38,38)");
    expect(winFractionColor(1)).toBe("rgb(37,99,235)");
    expect(winFractionColor(null)).toBe("#f4f4f5");
    expect(countColor(0, 10)).toBe("#f4f4f5");
    expect(countColor(10, 10)).toBe("rgb(67,56,202)");
  });
  it("shortens labels and converts dates to epoch seconds (UTC, inclusive end)", () => {
    expect(shortLabel("provider/some-long-model-name-12-instruct", 20)).toBe("provide…-12-instruct");
    expect(shortLabel("short", 20)).toBe("short");
    expect(dateToEpoch("2026-01-01")).toBe(1767225600);
    expect(dateToEpoch("2026-01-01", true)).toBe(1767225600 + 86399);
    expect(dateToEpoch("")).toBeUndefined();
  });
});
