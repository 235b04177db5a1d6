/**
 * Judging: the matches a mode asks for (single; pairwise against a baseline; every pair), each
 * judged with the prompt for its category and turn; pairs twice with positions swapped. A judge
 * text without a rating/verdict is kept (−1 / `error`); a failed call is recorded as an error.
 */
import type { ChatEngine } from "@/lib/engines/types";
import type { ChatMessage } from "@/lib/chat-protocol/types";
import { JoustError, type SerializedError } from "@/lib/errors";
import { pairKey, singleKey } from "../files";
import { fillTemplate, pairVars, promptFor, singleVars, type JudgePromptSet } from "../judge-prompts";
import { parseRating, parseVerdict, verdictToWinner } from "../judgment-parse";
import type { EvalMode, ModelAnswer, PairJudgment, Question, SingleJudgment } from "../types";
import { progressOf, type Progress, type RunAccounting } from "./accounting";
import { complete } from "./call";
import { createLimiter } from "./limiter";
import type { RetryOptions } from "./retry";
import type { RunSummary } from "./generate";

export type Match =
  | { kind: "single"; question: Question; model: string; turn: number }
  | { kind: "pair"; question: Question; model_1: string; model_2: string; turn: number };

/** answers: model → question id (as string) → answer. */
export type AnswerIndex = Map<string, Map<string, ModelAnswer>>;

export function matchKey(m: Match): string {
  const question_id = m.question.question_id;
  return m.kind === "single"
    ? singleKey({ question_id, model: m.model, turn: m.turn })
    : pairKey({ question_id, model_1: m.model_1, model_2: m.model_2, turn: m.turn });
}

const turnsOf = (answers: AnswerIndex, model: string, q: Question) =>
  answers.get(model)?.get(String(q.question_id))?.choices[0]?.turns;

/** Judge calls a match costs. */
export const callsOf = (m: Match): number => (m.kind === "single" ? 1 : 2);

/**
 * The matches for a mode, over questions every involved model has answered (turn 2 only for
 * two-turn questions). pairwise-baseline pairs each model (model_1) with the baseline (model_2).
 */
export function buildMatches(
  mode: EvalMode,
  questions: readonly Question[],
  models: readonly string[],
  answers: AnswerIndex,
  baseline?: string,
): Match[] {
  const out: Match[] = [];
  const turnsFor = (q: Question, ms: string[]) => {
    const n = Math.min(q.turns.length, 2, ...ms.map((m) => turnsOf(answers, m, q)?.length ?? 0));
    return Array.from({ length: n }, (_, i) => i + 1);
  };
  let pairs: Array<[string, string]> = [];
  if (mode === "pairwise-baseline") {
    if (!baseline) throw new JoustError("bad_request:import", "pairwise-baseline needs a baseline model.");
    pairs = models.filter((m) => m !== baseline).map((m) => [m, baseline] as [string, string]);
  } else if (mode === "pairwise-all")
    for (let i = 0; i < models.length; i++)
      for (let j = i + 1; j < models.length; j++) pairs.push([models[i], models[j]]);
  for (const q of questions) {
    if (mode === "single")
      for (const model of models)
        for (const turn of turnsFor(q, [model])) out.push({ kind: "single", question: q, model, turn });
    else
      for (const [model_1, model_2] of pairs)
        for (const turn of turnsFor(q, [model_1, model_2]))
          out.push({ kind: "pair", question: q, model_1, model_2, turn });
  }
  return out;
}

export interface JudgeOptions {
  matches: readonly Match[];
  answers: AnswerIndex;
  prompts: JudgePromptSet;
  judgeName: string;
  judge: ChatEngine;
  parallel?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  retry?: RetryOptions;
  accounting?: RunAccounting;
  isDone?: (key: string) => boolean;
  onSingle?: (j: SingleJudgment) => void | Promise<void>;
  onPair?: (j: PairJudgment) => void | Promise<void>;
  onError?: (m: Match, error: SerializedError) => void | Promise<void>;
  /** Counts are judge calls (a pair is two). */
  onProgress?: (p: Progress) => void;
}

async function ask(o: JudgeOptions, system: string, user: string): Promise<string> {
  const messages: ChatMessage[] = system
    ? [
        { role: "system", content: system },
        { role: "user", content: user },
      ]
    : [{ role: "user", content: user }];
  return complete(o.judge, messages, {
    name: o.judgeName,
    temperature: 0,
    maxTokens: o.maxTokens ?? 2048,
    signal: o.signal,
    retry: o.retry,
    accounting: o.accounting,
  });
}

export async function judgeSingle(o: JudgeOptions, m: Extract<Match, { kind: "single" }>): Promise<SingleJudgment> {
  const p = promptFor(o.prompts, "single", m.question, m.turn);
  const turns = turnsOf(o.answers, m.model, m.question) ?? [];
  const user_prompt = fillTemplate(p.prompt_template, singleVars(m.question, turns, m.turn));
  const judgment = await ask(o, p.system_prompt, user_prompt);
  return {
    question_id: m.question.question_id,
    model: m.model,
    judge: [o.judgeName, p.name],
    user_prompt,
    judgment,
    score: parseRating(judgment),
    turn: m.turn,
    tstamp: Date.now() / 1000,
  };
}

export async function judgePair(o: JudgeOptions, m: Extract<Match, { kind: "pair" }>): Promise<PairJudgment> {
  const p = promptFor(o.prompts, "pairwise", m.question, m.turn);
  const a1 = turnsOf(o.answers, m.model_1, m.question) ?? [];
  const a2 = turnsOf(o.answers, m.model_2, m.question) ?? [];
  const g1_user_prompt = fillTemplate(p.prompt_template, pairVars(m.question, a1, a2, m.turn));
  const g2_user_prompt = fillTemplate(p.prompt_template, pairVars(m.question, a2, a1, m.turn));
  const g1_judgment = await ask(o, p.system_prompt, g1_user_prompt);
  const g2_judgment = await ask(o, p.system_prompt, g2_user_prompt);
  return {
    question_id: m.question.question_id,
    model_1: m.model_1,
    model_2: m.model_2,
    g1_winner: verdictToWinner(parseVerdict(g1_judgment), 1),
    g2_winner: verdictToWinner(parseVerdict(g2_judgment), 2),
    judge: [o.judgeName, p.name],
    g1_user_prompt,
    g1_judgment,
    g2_user_prompt,
    g2_judgment,
    turn: m.turn,
    tstamp: Date.now() / 1000,
  };
}

export async function runJudging(o: JudgeOptions): Promise<RunSummary> {
  const started = Date.now();
  const limit = createLimiter(o.parallel ?? 1);
  const total = o.matches.reduce((n, m) => n + callsOf(m), 0);
  let done = 0;
  let failed = 0;
  let skipped = 0;
  const report = () => o.onProgress?.(progressOf(done, failed, total, skipped, started));
  const tasks: Promise<void>[] = [];
  for (const m of o.matches) {
    if (o.isDone?.(matchKey(m))) {
      done += callsOf(m);
      skipped += callsOf(m);
      continue;
    }
    tasks.push(
      limit(async () => {
        if (o.signal?.aborted) return;
        try {
          if (m.kind === "single") {
            const j = await judgeSingle(o, m);
            if (o.signal?.aborted) return;
            await o.onSingle?.(j);
          } else {
            const j = await judgePair(o, m);
            if (o.signal?.aborted) return;
            await o.onPair?.(j);
          }
          done += callsOf(m);
        } catch (err) {
          const e = JoustError.from(err, "internal:engine");
          if (o.signal?.aborted || e.type === "aborted") return;
          failed += callsOf(m);
          await o.onError?.(m, e.toJSON());
        }
        report();
      }),
    );
  }
  report();
  await Promise.all(tasks);
  return { done, failed, total, cancelled: !!o.signal?.aborted };
}

/** Index answers by model and question. */
export function indexAnswers(answers: Iterable<ModelAnswer>): AnswerIndex {
  const idx: AnswerIndex = new Map();
  for (const a of answers) {
    const m = idx.get(a.model_id) ?? new Map<string, ModelAnswer>();
    idx.set(a.model_id, m);
    m.set(String(a.question_id), a);
  }
  return idx;
}
