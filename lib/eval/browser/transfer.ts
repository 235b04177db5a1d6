/** Export and import of FastChat files on the /eval page: model_answer/<model>.jsonl and <judge>_single|_pair.jsonl. */
import type { JoustDB } from "@/lib/db/client-db";
import { judgmentFileName, parseJudgmentFile, parseModelAnswers, safeFileName } from "../files";
import { toJsonl } from "../jsonl";
import { keyOf, judgmentRowId, answerRowId, updateRun } from "./store";
import type { EvalAnswerRow, EvalJudgmentRow, EvalRun } from "./types";

/** One file per model: `<model>.jsonl` → its lines. */
export function exportAnswers(rows: readonly EvalAnswerRow[]): Map<string, string> {
  const by = new Map<string, EvalAnswerRow["answer"][]>();
  for (const r of rows) by.set(r.answer.model_id, [...(by.get(r.answer.model_id) ?? []), r.answer]);
  return new Map([...by].map(([m, as]) => [`${safeFileName(m)}.jsonl`, toJsonl(as)]));
}

/** One file per judge and kind: `<judge>_single.jsonl` / `<judge>_pair.jsonl`. */
export function exportJudgments(rows: readonly EvalJudgmentRow[]): Map<string, string> {
  const by = new Map<string, EvalJudgmentRow["judgment"][]>();
  for (const r of rows) {
    const name = judgmentFileName(r.judge, r.kind);
    by.set(name, [...(by.get(name) ?? []), r.judgment]);
  }
  return new Map([...by].map(([n, js]) => [n, toJsonl(js)]));
}

/** Imports answers into the run (all lines validated first; nothing is written if one is bad). Their models join the run. */
export async function importAnswers(db: JoustDB, run: EvalRun, text: string, file: string): Promise<number> {
  const answers = parseModelAnswers(text, file);
  await db.transaction("rw", db.evalAnswers, db.evalRuns, async () => {
    await db.evalAnswers.bulkPut(
      answers.map((answer) => ({
        id: answerRowId(run.id, answer.model_id, answer.question_id),
        runId: run.id,
        answer,
      })),
    );
    const current = (await db.evalRuns.get(run.id))?.models ?? run.models;
    await updateRun(db, run.id, { models: [...new Set([...current, ...answers.map((a) => a.model_id)])] });
  });
  return answers.length;
}

/** Imports a judgment file of either kind into the run. */
export async function importJudgments(db: JoustDB, run: EvalRun, text: string, file: string): Promise<number> {
  const parsed = parseJudgmentFile(text, file);
  const rows: EvalJudgmentRow[] = parsed.judgments.map((judgment) => ({
    id: judgmentRowId(run.id, judgment.judge[0], keyOf(parsed.kind, judgment)),
    runId: run.id,
    judge: judgment.judge[0],
    kind: parsed.kind,
    judgment,
  }));
  await db.evalJudgments.bulkPut(rows);
  return rows.length;
}
