/**
 * The evaluation vocabulary, in FastChat llm_judge's file shapes so files move both ways:
 * question.jsonl, model_answer/<model>.jsonl, judge_prompts.jsonl, *_single.jsonl, *_pair.jsonl.
 */

/** One line of question.jsonl. */
export interface Question {
  question_id: number | string;
  category: string;
  turns: string[];
  reference?: string[];
}

/** One line of judge_prompts.jsonl. */
export interface JudgePrompt {
  name: string;
  type: "single" | "pairwise";
  system_prompt: string;
  prompt_template: string;
  description?: string;
  category?: string;
  output_format: string;
}

/** One line of model_answer/<model>.jsonl. */
export interface ModelAnswer {
  question_id: number | string;
  answer_id: string;
  model_id: string;
  choices: Array<{ index: number; turns: string[] }>;
  tstamp: number;
}

/** One line of *_single.jsonl: a judge's score for one model's answer to one turn. */
export interface SingleJudgment {
  question_id: number | string;
  model: string;
  /** [judge model, prompt name] */
  judge: [string, string];
  user_prompt: string;
  judgment: string;
  /** 1–10, or −1 when the judge's text held no rating. */
  score: number;
  turn: number;
  tstamp: number;
}

/** A verdict in model terms, as FastChat writes g1_winner / g2_winner. */
export type PairWinner = "model_1" | "model_2" | "tie" | "error";

/** One line of *_pair.jsonl: one pair judged twice, positions swapped for g2. */
export interface PairJudgment {
  question_id: number | string;
  model_1: string;
  model_2: string;
  g1_winner: PairWinner;
  g2_winner: PairWinner;
  judge: [string, string];
  g1_user_prompt: string;
  g1_judgment: string;
  g2_user_prompt: string;
  g2_judgment: string;
  turn: number;
  tstamp: number;
}

export type EvalMode = "single" | "pairwise-baseline" | "pairwise-all";
export const EVAL_MODES: readonly EvalMode[] = ["single", "pairwise-baseline", "pairwise-all"];
