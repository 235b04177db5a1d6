import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EvalFileError } from "./jsonl";
import { needsReference, parseQuestions, temperatureFor } from "./questions";

describe("parseQuestions", () => {
  it("reads FastChat's question.jsonl schema, skipping blank lines", () => {
    const text =
      '{"question_id": 81, "category": "writing", "turns": ["a", "b"]}\n\n{"question_id": "q2", "category": "math", "turns": ["1+1?"], "reference": ["2"]}\n';
    expect(parseQuestions(text)).toEqual([
      { question_id: 81, category: "writing", turns: ["a", "b"] },
      { question_id: "q2", category: "math", turns: ["1+1?"], reference: ["2"] },
    ]);
  });
  it("names the bad line: invalid JSON, a missing field, an empty turn, a duplicate id", () => {
    const good = '{"question_id": 1, "category": "writing", "turns": ["a"]}';
    const cases: Array<[string, RegExp]> = [
      [`${good}\n{"question_id": 2, "category": "writing", "turns": ["a"]`, /q\.jsonl: line 2: invalid JSON/],
      [`${good}\n\n{"question_id": 2, "turns": ["a"]}`, /q\.jsonl: line 3: category/],
      [`{"question_id": 2, "category": "x", "turns": [""]}`, /line 1: turns\[0\]: a turn must not be empty/],
      [`${good}\n${good}`, /line 2: duplicate question_id 1/],
      [``, /line 1: no questions/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        parseQuestions(text, "q.jsonl");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EvalFileError);
      expect((err as Error).message).toMatch(re);
      expect((err as EvalFileError).code).toBe("bad_request:import");
    }
  });
  it("uses FastChat's per-category temperatures", () => {
    expect(
      ["writing", "roleplay", "extraction", "math", "coding", "reasoning", "stem", "humanities", "other"].map(
        temperatureFor,
      ),
    ).toEqual([0.7, 0.7, 0, 0, 0, 0, 0.1, 0.1, 0.7]);
  });
});

describe("the starter set", () => {
  const qs = parseQuestions(readFileSync("public/eval/starter-questions.jsonl", "utf8"), "starter-questions.jsonl");
  it("covers all eight categories with two-turn questions", () => {
    const cats = new Set(qs.map((q) => q.category));
    expect([...cats].sort()).toEqual([
      "coding",
      "extraction",
      "humanities",
      "math",
      "reasoning",
      "roleplay",
      "stem",
      "writing",
    ]);
    for (const q of qs) expect(q.turns).toHaveLength(2);
  });
  it("has references for math, reasoning and coding", () => {
    for (const q of qs.filter((x) => ["math", "reasoning", "coding"].includes(x.category))) {
      expect(q.reference).toHaveLength(2);
      expect(needsReference(q)).toBe(true);
    }
  });
});
