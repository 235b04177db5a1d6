import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { JoustDB } from "@/lib/db/client-db";
import { FAKE_MODELS } from "@/lib/models/catalog";
import { unloadAll } from "@/lib/engines/registry";
import { parseJudgePrompts } from "../judge-prompts";
import type { Question } from "../types";
import { runBrowserJudging, runGeneration } from "./runner";
import { createRun, latestRun, listAnswers, listJudgments, updateRun } from "./store";
import { exportAnswers, exportJudgments, importAnswers, importJudgments } from "./transfer";

// The browser runner on the registry's real in-memory fake engines and Dexie on fake-indexeddb.
const db = new JoustDB(`joust-eval-${crypto.randomUUID()}`);
afterEach(async () => {
  await unloadAll();
  await Promise.all([db.evalRuns.clear(), db.evalAnswers.clear(), db.evalJudgments.clear(), db.evalErrors.clear()]);
});

const questions: Question[] = [
  { question_id: 1, category: "writing", turns: ["hello there", "again"] },
  { question_id: 2, category: "math", turns: ["2+2?", "x3?"], reference: ["4", "12"] },
  { question_id: 3, category: "stem", turns: ["why blue?"] },
];
const prompts = parseJudgePrompts(readFileSync("public/eval/judge-prompts.jsonl", "utf8"));
const [alpha, beta] = FAKE_MODELS;

describe("browser evaluation runs", () => {
  it("stores answers as they come; a cancelled run resumes without duplicates; tokens and time are kept", async () => {
    const created = await createRun(db, { questions, source: "t.jsonl" });
    await updateRun(db, created.id, { models: [alpha.id, beta.id], maxTokens: 6 });
    const run = (await latestRun(db))!;
    const ac = new AbortController();
    let seen = 0;
    const first = await runGeneration({
      db,
      run,
      catalog: FAKE_MODELS,
      signal: ac.signal,
      onProgress: (p) => {
        seen = p.done;
        if (p.done >= 2) ac.abort();
      },
    });
    expect(first.cancelled).toBe(true);
    expect(seen).toBeGreaterThanOrEqual(2);
    const partial = (await listAnswers(db, run.id)).length;
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(partial).toBeLessThan(6);
    expect((await latestRun(db))!.phase).toBe("generating");

    const second = await runGeneration({
      db,
      run,
      catalog: FAKE_MODELS,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    expect(second).toMatchObject({ done: 6, failed: 0, cancelled: false });
    const rows = await listAnswers(db, run.id);
    expect(rows).toHaveLength(6);
    expect(
      rows.find((r) => r.answer.model_id === alpha.id && r.answer.question_id === 1)!.answer.choices[0].turns,
    ).toHaveLength(2);
    const after = (await latestRun(db))!;
    expect(after.phase).toBe("idle");
    expect(after.tokens[alpha.id].calls).toBeGreaterThanOrEqual(5);
    expect(Object.values(after.questionMs).flat().length).toBeGreaterThanOrEqual(6);

    // Judging with an in-browser (fake) judge: its text has no rating → kept as −1, never dropped.
    const judged = await runBrowserJudging({
      db,
      run: after,
      catalog: FAKE_MODELS,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      prompts,
      judge: alpha.id,
      mode: "single",
      judgeMaxTokens: 8,
    });
    expect(judged).toMatchObject({ done: 10, failed: 0 });
    const js = await listJudgments(db, run.id);
    expect(js).toHaveLength(10);
    expect(js.every((j) => j.kind === "single" && (j.judgment as { score: number }).score === -1)).toBe(true);

    // Export → import into a fresh run gives the same files back.
    const answersOut = exportAnswers(rows);
    const judgmentsOut = exportJudgments(js);
    expect([...judgmentsOut.keys()]).toEqual(["fake_alpha_single.jsonl".replace("_alpha", ":alpha")]);
    const fresh = await createRun(db, { questions, source: "t.jsonl" });
    for (const [name, text] of answersOut) await importAnswers(db, fresh, text, name);
    for (const [name, text] of judgmentsOut) await importJudgments(db, (await latestRun(db))!, text, name);
    expect(exportAnswers(await listAnswers(db, fresh.id))).toEqual(answersOut);
    expect(exportJudgments(await listJudgments(db, fresh.id))).toEqual(judgmentsOut);
    expect((await latestRun(db))!.models.sort()).toEqual([alpha.id, beta.id]);
    await expect(importJudgments(db, fresh, '{"question_id": 1}\n', "x_single.jsonl")).rejects.toThrow(
      /x_single\.jsonl: line 1/,
    );
  }, 60_000);
});
