/**
 * The /eval page's runs: the shared pipeline with engines from the registry (in-browser workers or
 * the remote engine → /api/chat) and every result written to Dexie as it arrives, so a reload resumes
 * where it stopped (done answers and judgments are skipped).
 */
import type { JoustDB } from "@/lib/db/client-db";
import { loadEngine } from "@/lib/engines/registry";
import type { ChatEngine, LoadProgress } from "@/lib/engines/types";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { JoustError } from "@/lib/errors";
import type { JudgePromptSet } from "../judge-prompts";
import { RunAccounting, estimateTokens, type Progress, type Usage } from "../pipeline/accounting";
import { generateAnswers, type RunSummary } from "../pipeline/generate";
import { buildMatches, indexAnswers, matchKey, runJudging } from "../pipeline/judge";
import type { EvalMode } from "../types";
import {
  addTokens,
  answerRowId,
  judgmentRowId,
  listAnswers,
  listJudgments,
  saveAnswer,
  saveError,
  saveJudgment,
  updateRun,
} from "./store";
import type { EvalRun } from "./types";

/** Accounting that also adds each call's tokens to the run in Dexie. */
class PersistedAccounting extends RunAccounting {
  constructor(
    private readonly db: JoustDB,
    private readonly runId: string,
  ) {
    super();
  }
  override addCall(name: string, usage: Usage | undefined, promptText: string, completionText: string): void {
    super.addCall(name, usage, promptText, completionText);
    const t = usage
      ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, estimated: 0 }
      : { promptTokens: estimateTokens(promptText), completionTokens: estimateTokens(completionText), estimated: 1 };
    void addTokens(this.db, this.runId, name, t);
  }
}

export interface BrowserRunOptions {
  db: JoustDB;
  run: EvalRun;
  catalog: readonly ModelDescriptor[];
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  onLoad?: (model: string, p: LoadProgress) => void;
}

function engineLoader(
  catalog: readonly ModelDescriptor[],
  onLoad?: BrowserRunOptions["onLoad"],
): (id: string) => Promise<ChatEngine> {
  return (id) => {
    const d = catalog.find((m) => m.id === id);
    if (!d) throw new JoustError("not_found:model", `Model ${id} is not in the catalog.`);
    return loadEngine(d, (p) => onLoad?.(id, p));
  };
}

const isRemote = (catalog: readonly ModelDescriptor[], id: string) =>
  catalog.find((m) => m.id === id)?.backend === "remote";

/** Remote models get a few requests in parallel; in-browser engines one at a time. */
function parallelFor(catalog: readonly ModelDescriptor[], ids: readonly string[]): number {
  return ids.every((id) => isRemote(catalog, id)) ? 4 : 1;
}

export async function runGeneration(o: BrowserRunOptions): Promise<RunSummary> {
  const { db, run } = o;
  const done = new Set((await listAnswers(db, run.id)).map((r) => r.id));
  await updateRun(db, run.id, { phase: "generating" });
  const summary = await generateAnswers({
    questions: run.questions,
    models: run.models,
    engineFor: engineLoader(o.catalog, o.onLoad),
    maxTokens: run.maxTokens,
    // Each remote model has its own limit of 4; in-browser models share the device and take turns
    // (tasks are queued model by model, so one finishes its questions before the next starts).
    parallel: (key) => (key === "in-browser" ? 1 : 4),
    limiterKey: (m) => (isRemote(o.catalog, m) ? m : "in-browser"),
    signal: o.signal,
    accounting: new PersistedAccounting(db, run.id),
    isDone: (m, q) => done.has(answerRowId(run.id, m, q)),
    onAnswer: (a, ms) => saveAnswer(db, run.id, a, ms),
    onError: (m, q, e) =>
      saveError(db, run.id, "answer", `${m}|${String(q.question_id)}`, `${m} · question ${String(q.question_id)}`, e),
    onProgress: o.onProgress,
  });
  if (!summary.cancelled) await updateRun(db, run.id, { phase: "idle" });
  return summary;
}

export interface JudgeRunOptions extends BrowserRunOptions {
  prompts: JudgePromptSet;
  judge: string;
  mode: EvalMode;
  baseline?: string;
  /** Judge answer length (default 2048, as FastChat). */
  judgeMaxTokens?: number;
}

export async function runBrowserJudging(o: JudgeRunOptions): Promise<RunSummary & { calls: number }> {
  const { db, run } = o;
  const kind = o.mode === "single" ? "single" : "pairwise";
  const answers = indexAnswers((await listAnswers(db, run.id)).map((r) => r.answer));
  const matches = buildMatches(o.mode, run.questions, run.models, answers, o.baseline);
  const done = new Set(
    (await listJudgments(db, run.id)).filter((r) => r.judge === o.judge && r.kind === kind).map((r) => r.id),
  );
  await updateRun(db, run.id, { phase: "judging", judge: o.judge, mode: o.mode, baseline: o.baseline });
  const judge = await engineLoader(o.catalog, o.onLoad)(o.judge);
  const summary = await runJudging({
    matches,
    answers,
    prompts: o.prompts,
    judgeName: o.judge,
    judge,
    maxTokens: o.judgeMaxTokens,
    parallel: parallelFor(o.catalog, [o.judge]),
    signal: o.signal,
    accounting: new PersistedAccounting(db, run.id),
    isDone: (k) => done.has(judgmentRowId(run.id, o.judge, k)),
    onSingle: (j) => saveJudgment(db, run.id, o.judge, kind, j),
    onPair: (j) => saveJudgment(db, run.id, o.judge, kind, j),
    onError: (m, e) =>
      saveError(
        db,
        run.id,
        "judge",
        `${o.judge}|${matchKey(m)}`,
        `judge · question ${String(m.question.question_id)} turn ${m.turn}`,
        e,
      ),
    onProgress: o.onProgress,
  });
  if (!summary.cancelled) await updateRun(db, run.id, { phase: "idle" });
  return { ...summary, calls: matches.length };
}
