/** What the /eval page keeps in IndexedDB (Dexie v2 tables evalRuns, evalAnswers, evalJudgments, evalErrors). */
import type { SerializedError } from "@/lib/errors";
import type { TokenCount } from "../pipeline/accounting";
import type { EvalMode, JudgePrompt, ModelAnswer, PairJudgment, Question, SingleJudgment } from "../types";

export interface EvalRun {
  id: string;
  /** Where the questions came from (file name, URL or "starter set"). */
  source: string;
  questions: Question[];
  models: string[];
  maxTokens: number;
  /** What the page was doing when it was last saved: a reload in "generating"/"judging" offers to resume. */
  phase: "idle" | "generating" | "judging";
  judge?: string;
  mode?: EvalMode;
  baseline?: string;
  /** Imported judge prompts (FastChat schema), replacing Joust's defaults of the same name. */
  judgePrompts?: JudgePrompt[];
  /** Tokens per model and judge, summed over sessions. */
  tokens: Record<string, TokenCount>;
  /** Milliseconds per answered question (model → list). */
  questionMs: Record<string, number[]>;
  createdAt: number;
  updatedAt: number;
}

export interface EvalAnswerRow {
  /** `${runId}|${model}|${question_id}` */
  id: string;
  runId: string;
  answer: ModelAnswer;
  ms?: number;
}

export interface EvalJudgmentRow {
  /** `${runId}|${judge}|${key}` (key: files.ts singleKey / pairKey) */
  id: string;
  runId: string;
  judge: string;
  kind: "single" | "pairwise";
  judgment: SingleJudgment | PairJudgment;
}

export interface EvalErrorRow {
  /** `${runId}|${stage}|${what}` — one per failing item; a later success deletes it. */
  id: string;
  runId: string;
  stage: "answer" | "judge";
  label: string;
  error: SerializedError;
  at: number;
}
