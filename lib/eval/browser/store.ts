/** Dexie queries for the /eval page. Every answer and judgment is written as it arrives, so a reload loses nothing. */
import type { JoustDB } from "@/lib/db/client-db";
import type { SerializedError } from "@/lib/errors";
import { pairKey, singleKey } from "../files";
import type { TokenCount } from "../pipeline/accounting";
import type { ModelAnswer, PairJudgment, Question, SingleJudgment } from "../types";
import type { EvalAnswerRow, EvalJudgmentRow, EvalRun } from "./types";

export const answerRowId = (runId: string, model: string, questionId: Question["question_id"]) =>
  `${runId}|${model}|${String(questionId)}`;

export async function createRun(db: JoustDB, init: Pick<EvalRun, "source" | "questions">): Promise<EvalRun> {
  const now = Date.now();
  const run: EvalRun = {
    id: crypto.randomUUID(),
    ...init,
    models: [],
    maxTokens: 512,
    phase: "idle",
    tokens: {},
    questionMs: {},
    createdAt: now,
    updatedAt: now,
  };
  await db.evalRuns.add(run);
  return run;
}

export async function latestRun(db: JoustDB): Promise<EvalRun | null> {
  return (await db.evalRuns.orderBy("updatedAt").last()) ?? null;
}

/** Every run, newest first (for the run picker). */
export async function listRuns(db: JoustDB): Promise<EvalRun[]> {
  return db.evalRuns.orderBy("updatedAt").reverse().toArray();
}

export async function updateRun(db: JoustDB, id: string, patch: Partial<Omit<EvalRun, "id">>): Promise<void> {
  await db.evalRuns.update(id, { ...patch, updatedAt: Date.now() });
}

/** Adds a call's tokens to the run's totals (in one transaction, so parallel calls don't lose counts). */
export async function addTokens(
  db: JoustDB,
  id: string,
  name: string,
  t: Omit<TokenCount, "calls"> & { calls?: number },
): Promise<void> {
  await db.transaction("rw", db.evalRuns, async () => {
    const run = await db.evalRuns.get(id);
    if (!run) return;
    const cur = run.tokens[name] ?? { calls: 0, promptTokens: 0, completionTokens: 0, estimated: 0 };
    const next = {
      calls: cur.calls + (t.calls ?? 1),
      promptTokens: cur.promptTokens + t.promptTokens,
      completionTokens: cur.completionTokens + t.completionTokens,
      estimated: cur.estimated + t.estimated,
    };
    await db.evalRuns.update(id, { tokens: { ...run.tokens, [name]: next } });
  });
}

export async function saveAnswer(db: JoustDB, runId: string, answer: ModelAnswer, ms?: number): Promise<void> {
  await db.transaction("rw", db.evalAnswers, db.evalErrors, db.evalRuns, async () => {
    await db.evalAnswers.put({ id: answerRowId(runId, answer.model_id, answer.question_id), runId, answer, ms });
    await db.evalErrors.delete(`${runId}|answer|${answer.model_id}|${String(answer.question_id)}`);
    if (ms !== undefined) {
      const run = await db.evalRuns.get(runId);
      if (run)
        await db.evalRuns.update(runId, {
          questionMs: { ...run.questionMs, [answer.model_id]: [...(run.questionMs[answer.model_id] ?? []), ms] },
        });
    }
  });
}

export async function listAnswers(db: JoustDB, runId: string): Promise<EvalAnswerRow[]> {
  return db.evalAnswers.where("runId").equals(runId).toArray();
}

export const judgmentRowId = (runId: string, judge: string, key: string) => `${runId}|${judge}|${key}`;

export function keyOf(kind: "single" | "pairwise", j: SingleJudgment | PairJudgment): string {
  return kind === "single" ? singleKey(j as SingleJudgment) : pairKey(j as PairJudgment);
}

export async function saveJudgment(
  db: JoustDB,
  runId: string,
  judge: string,
  kind: "single" | "pairwise",
  judgment: SingleJudgment | PairJudgment,
): Promise<void> {
  const key = keyOf(kind, judgment);
  await db.transaction("rw", db.evalJudgments, db.evalErrors, async () => {
    await db.evalJudgments.put({ id: judgmentRowId(runId, judge, key), runId, judge, kind, judgment });
    await db.evalErrors.delete(`${runId}|judge|${judge}|${key}`);
  });
}

export async function listJudgments(db: JoustDB, runId: string): Promise<EvalJudgmentRow[]> {
  return db.evalJudgments.where("runId").equals(runId).toArray();
}

export async function saveError(
  db: JoustDB,
  runId: string,
  stage: "answer" | "judge",
  what: string,
  label: string,
  error: SerializedError,
): Promise<void> {
  await db.evalErrors.put({ id: `${runId}|${stage}|${what}`, runId, stage, label, error, at: Date.now() });
}

export async function deleteRun(db: JoustDB, runId: string): Promise<void> {
  await db.transaction("rw", [db.evalRuns, db.evalAnswers, db.evalJudgments, db.evalErrors], async () => {
    await db.evalRuns.delete(runId);
    for (const t of [db.evalAnswers, db.evalJudgments, db.evalErrors]) await t.where("runId").equals(runId).delete();
  });
}
