import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fillTemplate, mergePrompts, pairVars, parseJudgePrompts, promptFor, singleVars } from "./judge-prompts";
import type { Question } from "./types";

const defaults = parseJudgePrompts(readFileSync("public/eval/judge-prompts.jsonl", "utf8"), "judge-prompts.jsonl");
const math: Question = { question_id: 1, category: "math", turns: ["2+2?", "times 3?"], reference: ["4", "12"] };
const writing: Question = { question_id: 2, category: "writing", turns: ["poem", "shorter"] };

describe("judge prompts", () => {
  it("ships the eight prompts FastChat's pipeline looks up, each filling without missing variables", () => {
    for (const [type, q, turn] of [
      ["single", writing, 1],
      ["single", writing, 2],
      ["single", math, 1],
      ["single", math, 2],
      ["pairwise", writing, 1],
      ["pairwise", writing, 2],
      ["pairwise", math, 1],
      ["pairwise", math, 2],
    ] as const) {
      const p = promptFor(defaults, type, q, turn);
      const vars =
        type === "single" ? singleVars(q, ["ans1", "ans2"], turn) : pairVars(q, ["a1", "a2"], ["b1", "b2"], turn);
      const text = fillTemplate(p.prompt_template, vars);
      expect(text).not.toMatch(/\{[a-z_0-9]+\}/);
      if (q === math) expect(text).toContain(turn === 2 ? "12" : "4");
      if (turn === 2) expect(text).toContain(type === "single" ? "ans2" : "b2");
    }
    expect(promptFor(defaults, "single", math, 1).name).toBe("single-math-v1");
    expect(promptFor(defaults, "pairwise", writing, 2).name).toBe("pair-v2-multi-turn");
    expect(promptFor(defaults, "single", { ...math, reference: undefined }, 1).name).toBe("single-v1");
  });
  it("fills str.format templates with escaped braces and names a missing variable", () => {
    expect(fillTemplate("{{x}} {q}", { q: "hi" })).toBe("{x} hi");
    expect(() => fillTemplate("{nope}", {})).toThrow(/\{nope\}/);
  });
  it("imports prompts that replace defaults by name and rejects duplicate names by line", () => {
    const line = JSON.stringify({
      name: "single-v1",
      type: "single",
      system_prompt: "S",
      prompt_template: "Q: {question} A: {answer}",
      description: "",
      category: "general",
      output_format: "[[rating]]",
    });
    const merged = mergePrompts(defaults, parseJudgePrompts(line));
    expect(merged.get("single-v1")?.system_prompt).toBe("S");
    expect(merged.size).toBe(defaults.size);
    expect(() => parseJudgePrompts(`${line}\n${line}`, "p.jsonl")).toThrow(/p\.jsonl: line 2: duplicate prompt name/);
    expect(() => parseJudgePrompts('{"name":"x","type":"triple"}', "p.jsonl")).toThrow(/line 1: type/);
  });
});
