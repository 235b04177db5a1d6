import { describe, expect, it } from "vitest";
import { combineGames, parseRating, parseVerdict, verdictToWinner } from "./judgment-parse";

describe("parseRating", () => {
  it("reads [[n]], [[n.n]] and 'Rating: [[10]]'", () => {
    expect(parseRating("Good answer. [[8]]")).toBe(8);
    expect(parseRating("Mostly right [[8.5]] overall")).toBe(8.5);
    expect(parseRating("Explanation...\nRating: [[10]]")).toBe(10);
  });
  it("falls back to [n] and takes the first double-bracket rating", () => {
    expect(parseRating("Rating: [7]")).toBe(7);
    expect(parseRating("[[3]] then [[9]]")).toBe(3);
  });
  it("gives −1 when there is no rating", () => {
    expect(parseRating("I would rate this highly.")).toBe(-1);
    expect(parseRating("Rating: [[ten]]")).toBe(-1);
    expect(parseRating("")).toBe(-1);
  });
});

describe("pairwise verdicts", () => {
  it("parses [[A]], [[B]], [[C]] and nothing", () => {
    expect(parseVerdict("A is better. [[A]]")).toBe("A");
    expect(parseVerdict("Final: [[B]]")).toBe("B");
    expect(parseVerdict("Equal. [[C]]")).toBe("tie");
    expect(parseVerdict("I cannot decide")).toBe("error");
    expect(parseVerdict("[A]")).toBe("error");
  });
  it("maps the swapped game back to model terms", () => {
    expect(verdictToWinner("A", 1)).toBe("model_1");
    expect(verdictToWinner("B", 1)).toBe("model_2");
    expect(verdictToWinner("A", 2)).toBe("model_2");
    expect(verdictToWinner("B", 2)).toBe("model_1");
    expect(verdictToWinner("tie", 2)).toBe("tie");
    expect(verdictToWinner("error", 1)).toBe("error");
  });
  it("counts inconsistent games as a tie and drops errors", () => {
    expect(combineGames("model_1", "model_1")).toBe("model_1");
    expect(combineGames("model_2", "model_2")).toBe("model_2");
    expect(combineGames("model_1", "model_2")).toBe("tie");
    expect(combineGames("tie", "model_1")).toBe("tie");
    expect(combineGames("model_1", "tie")).toBe("tie");
    expect(combineGames("error", "model_1")).toBeNull();
    expect(combineGames("model_2", "error")).toBeNull();
  });
});
