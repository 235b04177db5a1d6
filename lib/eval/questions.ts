/** question.jsonl (FastChat schema): validation, duplicate ids, category temperatures. */
import { z } from "zod";
import { EvalFileError, parseJsonlLines } from "./jsonl";
import type { Question } from "./types";

export const questionIdSchema = z.union([z.number().int(), z.string().min(1).max(200)]);

export const questionSchema = z.object({
  question_id: questionIdSchema,
  category: z.string().min(1).max(100),
  turns: z.array(z.string().min(1, "a turn must not be empty")).min(1, "at least one turn").max(20),
  reference: z.array(z.string()).optional(),
});

/** Parses question.jsonl; a bad or duplicate line throws an EvalFileError naming it. */
export function parseQuestions(text: string, file = "question.jsonl"): Question[] {
  const rows = parseJsonlLines(text, file, questionSchema);
  const seen = new Set<string>();
  for (const { line, value } of rows) {
    const key = String(value.question_id);
    if (seen.has(key))
      throw new EvalFileError(file, line, `duplicate question_id ${JSON.stringify(value.question_id)}`);
    seen.add(key);
  }
  if (!rows.length) throw new EvalFileError(file, 1, "no questions in the file");
  return rows.map((r) => r.value);
}

/** Sampling temperature per category, as FastChat's gen_model_answer uses them. */
export const CATEGORY_TEMPERATURE: Readonly<Record<string, number>> = {
  writing: 0.7,
  roleplay: 0.7,
  extraction: 0.0,
  math: 0.0,
  coding: 0.0,
  reasoning: 0.0,
  stem: 0.1,
  humanities: 0.1,
};

/** Categories not listed sample at 0.7, FastChat's default. */
export function temperatureFor(category: string): number {
  return CATEGORY_TEMPERATURE[category] ?? 0.7;
}

/** Categories judged against the question's reference answer. */
export const REFERENCE_CATEGORIES: ReadonlySet<string> = new Set(["math", "reasoning", "coding"]);

export function needsReference(q: Question): boolean {
  return REFERENCE_CATEGORIES.has(q.category) && !!q.reference?.length;
}
