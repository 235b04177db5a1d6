/**
 * FastChat-compatible files: model_answer/<model>.jsonl, <judge>_single.jsonl, <judge>_pair.jsonl.
 * Reading validates every line and names the bad one; the kind of a judgment file is recognised
 * from its fields (`score` → single, `g1_winner` → pairwise).
 */
import { z } from "zod";
import { EvalFileError, parseJsonl } from "./jsonl";
import { questionIdSchema } from "./questions";
import type { ModelAnswer, PairJudgment, SingleJudgment } from "./types";

export const modelAnswerSchema = z.object({
  question_id: questionIdSchema,
  answer_id: z.string().default(""),
  model_id: z.string().min(1),
  choices: z.array(z.object({ index: z.number().int().default(0), turns: z.array(z.string()).min(1) })).min(1),
  tstamp: z.number().default(0),
});

const judgeSchema = z.tuple([z.string(), z.string()]);
const winnerSchema = z.enum(["model_1", "model_2", "tie", "error"]);

export const singleJudgmentSchema = z.object({
  question_id: questionIdSchema,
  model: z.string().min(1),
  judge: judgeSchema,
  user_prompt: z.string().default(""),
  judgment: z.string().default(""),
  score: z.number(),
  turn: z.number().int().min(1),
  tstamp: z.number().default(0),
});

export const pairJudgmentSchema = z.object({
  question_id: questionIdSchema,
  model_1: z.string().min(1),
  model_2: z.string().min(1),
  g1_winner: winnerSchema,
  g2_winner: winnerSchema,
  judge: judgeSchema,
  g1_user_prompt: z.string().default(""),
  g1_judgment: z.string().default(""),
  g2_user_prompt: z.string().default(""),
  g2_judgment: z.string().default(""),
  turn: z.number().int().min(1),
  tstamp: z.number().default(0),
});

/** Parses model_answer/<model>.jsonl. */
export function parseModelAnswers(text: string, file = "model_answer.jsonl"): ModelAnswer[] {
  return parseJsonl(text, file, modelAnswerSchema);
}

export type JudgmentFile =
  | { kind: "single"; judgments: SingleJudgment[] }
  | { kind: "pairwise"; judgments: PairJudgment[] };

/** Parses a judgment file of either kind; the first record decides the kind, and every line must match it. */
export function parseJudgmentFile(text: string, file = "judgments.jsonl"): JudgmentFile {
  const lines = text.split(/\r?\n/);
  const firstIndex = lines.findIndex((l) => l.trim());
  if (firstIndex === -1) throw new EvalFileError(file, 1, "the file holds no judgments");
  let first: unknown;
  try {
    first = JSON.parse(lines[firstIndex]);
  } catch (err) {
    throw new EvalFileError(file, firstIndex + 1, `invalid JSON (${(err as Error).message})`);
  }
  const has = (k: string) => typeof first === "object" && first !== null && k in first;
  if (has("g1_winner"))
    return { kind: "pairwise", judgments: parseJsonl(text, file, pairJudgmentSchema) as PairJudgment[] };
  if (has("score"))
    return { kind: "single", judgments: parseJsonl(text, file, singleJudgmentSchema) as SingleJudgment[] };
  throw new EvalFileError(file, firstIndex + 1, "neither a single judgment (score) nor a pairwise one (g1_winner)");
}

/** The key that identifies one judgment: rerunning skips keys already present. */
export function singleKey(j: Pick<SingleJudgment, "question_id" | "model" | "turn">): string {
  return JSON.stringify(["single", String(j.question_id), j.model, j.turn]);
}

export function pairKey(j: Pick<PairJudgment, "question_id" | "model_1" | "model_2" | "turn">): string {
  return JSON.stringify(["pair", String(j.question_id), j.model_1, j.model_2, j.turn]);
}

/** Answer file lines for one model, keeping the last line per question (a rerun's repair wins). */
export function answersByQuestion(answers: ModelAnswer[]): Map<string, ModelAnswer> {
  return new Map(answers.map((a) => [String(a.question_id), a]));
}

/** FastChat's judgment file names: `<judge>_single.jsonl` / `<judge>_pair.jsonl`. */
export function judgmentFileName(judge: string, kind: "single" | "pairwise"): string {
  return `${safeFileName(judge)}_${kind === "single" ? "single" : "pair"}.jsonl`;
}

/** A model name as a file name (model_answer/<model>.jsonl): path separators and oddities replaced. */
export function safeFileName(name: string): string {
  return name
    .replace(/[^\w.@:-]+/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^\./, "_");
}
