import "server-only";
/**
 * The CLI's resumable output folder, in FastChat's layout:
 *   <out>/model_answer/<model>.jsonl, <out>/model_judgment/<judge>_single.jsonl | _pair.jsonl,
 *   <out>/errors.jsonl (failed questions/judgments, for the record; retried on the next run).
 * Lines are appended one whole line at a time; on start the existing lines tell what is done.
 * A last line cut short by a killed process is dropped (the file is truncated to its last newline);
 * any other bad line is an error naming it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  answersByQuestion,
  judgmentFileName,
  pairKey,
  parseJudgmentFile,
  parseModelAnswers,
  safeFileName,
  singleKey,
} from "../files";
import { toJsonl } from "../jsonl";
import type { ModelAnswer, PairJudgment, SingleJudgment } from "../types";

const byQuestionId = (a: ModelAnswer, b: ModelAnswer) =>
  typeof a.question_id === "number" && typeof b.question_id === "number"
    ? a.question_id - b.question_id
    : String(a.question_id).localeCompare(String(b.question_id));

/** Reads a JSONL file for resuming: drops an unterminated last line left by an interrupted write. */
export function readForResume(path: string): string {
  if (!existsSync(path)) return "";
  const text = readFileSync(path, "utf8");
  if (!text || text.endsWith("\n")) return text;
  const cut = text.lastIndexOf("\n") + 1;
  truncateSync(path, Buffer.byteLength(text.slice(0, cut)));
  return text.slice(0, cut);
}

export class OutDir {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, "model_answer"), { recursive: true });
    mkdirSync(join(dir, "model_judgment"), { recursive: true });
  }

  answerPath(model: string): string {
    return join(this.dir, "model_answer", `${safeFileName(model)}.jsonl`);
  }

  judgmentPath(judge: string, kind: "single" | "pairwise"): string {
    return join(this.dir, "model_judgment", judgmentFileName(judge, kind));
  }

  /** The answers already written for a model, by question id. */
  loadAnswers(model: string): Map<string, ModelAnswer> {
    const path = this.answerPath(model);
    const text = readForResume(path);
    return text.trim() ? answersByQuestion(parseModelAnswers(text, path)) : new Map();
  }

  /** As FastChat's reorg_answer_file: one line per question (the last written wins), sorted by id; replaced atomically. */
  reorgAnswers(model: string): void {
    const answers = [...this.loadAnswers(model).values()].sort(byQuestionId);
    if (!answers.length) return;
    const path = this.answerPath(model);
    writeFileSync(`${path}.tmp`, toJsonl(answers));
    renameSync(`${path}.tmp`, path);
  }

  appendAnswer(a: ModelAnswer): void {
    appendFileSync(this.answerPath(a.model_id), JSON.stringify(a) + "\n");
  }

  /** Keys of the judgments already written, and the judgments. */
  loadJudgments(
    judge: string,
    kind: "single" | "pairwise",
  ): { keys: Set<string>; judgments: Array<SingleJudgment | PairJudgment> } {
    const path = this.judgmentPath(judge, kind);
    const text = readForResume(path);
    if (!text.trim()) return { keys: new Set(), judgments: [] };
    const f = parseJudgmentFile(text, path);
    const keys = new Set(f.kind === "single" ? f.judgments.map(singleKey) : f.judgments.map(pairKey));
    return { keys, judgments: f.judgments };
  }

  appendJudgment(judge: string, kind: "single" | "pairwise", j: SingleJudgment | PairJudgment): void {
    appendFileSync(this.judgmentPath(judge, kind), JSON.stringify(j) + "\n");
  }

  appendError(record: Record<string, unknown>): void {
    appendFileSync(join(this.dir, "errors.jsonl"), JSON.stringify({ ...record, tstamp: Date.now() / 1000 }) + "\n");
  }
}
