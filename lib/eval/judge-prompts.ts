/**
 * Judge prompts as data (FastChat's judge_prompts.jsonl schema) and the choice of prompt for a
 * judgment: reference-guided for math/reasoning/coding, multi-turn for turn 2. Templates use
 * Python `str.format` syntax (`{question}`, `{{` for a literal brace), so FastChat's files import as is.
 */
import { z } from "zod";
import { JoustError } from "@/lib/errors";
import { EvalFileError, parseJsonlLines } from "./jsonl";
import { needsReference } from "./questions";
import type { JudgePrompt, Question } from "./types";

export const judgePromptSchema = z.object({
  name: z.string().min(1).max(100),
  type: z.enum(["single", "pairwise"]),
  system_prompt: z.string(),
  prompt_template: z.string().min(1),
  description: z.string().optional(),
  category: z.string().optional(),
  output_format: z.string(),
});

export type JudgePromptSet = Map<string, JudgePrompt>;

/** Parses judge_prompts.jsonl into a set keyed by name (a duplicate name is an error naming its line). */
export function parseJudgePrompts(text: string, file = "judge_prompts.jsonl"): JudgePromptSet {
  const set: JudgePromptSet = new Map();
  for (const { line, value } of parseJsonlLines(text, file, judgePromptSchema)) {
    if (set.has(value.name)) throw new EvalFileError(file, line, `duplicate prompt name "${value.name}"`);
    set.set(value.name, value);
  }
  return set;
}

/** Imported prompts replace the defaults of the same name; the rest stay. */
export function mergePrompts(base: JudgePromptSet, imported: JudgePromptSet): JudgePromptSet {
  return new Map([...base, ...imported]);
}

/** Fills a `str.format` template; a placeholder without a value is an error naming it. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string | undefined) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const v = vars[name!];
    if (v === undefined)
      throw new JoustError(
        "bad_request:import",
        `The judge prompt uses {${name}}, which this judgment does not provide.`,
      );
    return v;
  });
}

/** The prompt names used per case, as in FastChat's make_judge_single / make_judge_pairwise. */
export const PROMPT_NAMES = {
  single: {
    default: "single-v1",
    math: "single-math-v1",
    defaultMt: "single-v1-multi-turn",
    mathMt: "single-math-v1-multi-turn",
  },
  pairwise: {
    default: "pair-v2",
    math: "pair-math-v1",
    defaultMt: "pair-v2-multi-turn",
    mathMt: "pair-math-v1-multi-turn",
  },
} as const;

/** The prompt for judging `turn` (1 or 2) of question `q`. */
export function promptFor(set: JudgePromptSet, type: "single" | "pairwise", q: Question, turn: number): JudgePrompt {
  const names = PROMPT_NAMES[type];
  const ref = needsReference(q);
  const name = turn >= 2 ? (ref ? names.mathMt : names.defaultMt) : ref ? names.math : names.default;
  const p = set.get(name);
  if (!p) throw new JoustError("not_found:import", `No judge prompt named "${name}".`);
  if (p.type !== type)
    throw new JoustError("bad_request:import", `Judge prompt "${name}" is of type ${p.type}, expected ${type}.`);
  return p;
}

/** Template variables for a single-answer judgment of `turn`. */
export function singleVars(q: Question, answerTurns: string[], turn: number): Record<string, string> {
  const ref = q.reference ?? [];
  if (turn >= 2)
    return {
      question_1: q.turns[0],
      question_2: q.turns[1],
      answer_1: answerTurns[0],
      answer_2: answerTurns[1],
      ref_answer_1: ref[0] ?? "",
      ref_answer_2: ref[1] ?? "",
    };
  return { question: q.turns[0], answer: answerTurns[0], ref_answer_1: ref[0] ?? "" };
}

/** Template variables for a pairwise judgment of `turn` (a = shown first as "A"). */
export function pairVars(q: Question, a: string[], b: string[], turn: number): Record<string, string> {
  const ref = q.reference ?? [];
  if (turn >= 2)
    return {
      question_1: q.turns[0],
      question_2: q.turns[1],
      answer_a_1: a[0],
      answer_b_1: b[0],
      answer_a_2: a[1],
      answer_b_2: b[1],
      ref_answer_1: ref[0] ?? "",
      ref_answer_2: ref[1] ?? "",
    };
  return { question: q.turns[0], answer_a: a[0], answer_b: b[0], ref_answer_1: ref[0] ?? "" };
}
