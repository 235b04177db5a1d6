import { describe, expect, it } from "vitest";
import { JoustError } from "@/lib/errors";
import { readFileSync } from "node:fs";
import { parseJudgePrompts } from "../judge-prompts";
import { pairResults, singleResults } from "../results";
import type { ModelAnswer, PairJudgment, Question, SingleJudgment } from "../types";
import { formatDuration, progressOf, progressText, RunAccounting } from "./accounting";
import { generateAnswers } from "./generate";
import { buildMatches, indexAnswers, matchKey, runJudging } from "./judge";
import { createLimiter } from "./limiter";
import { withRetry } from "./retry";
import { ScriptedEngine } from "./scripted-engine.mock";

const prompts = parseJudgePrompts(readFileSync("public/eval/judge-prompts.jsonl", "utf8"));
const questions: Question[] = [
  { question_id: 1, category: "writing", turns: ["Write a haiku", "Make it sadder"] },
  { question_id: 2, category: "math", turns: ["2+2?", "times 3?"], reference: ["4", "12"] },
];
const noSleep = { baseMs: 1, sleep: async () => undefined };

describe("answer generation", () => {
  it("asks every turn as one conversation at the category's temperature and accounts tokens", async () => {
    const engine = new ScriptedEngine("m", (req) => `answer to ${req.messages.at(-1)!.content}`);
    const answers: ModelAnswer[] = [];
    const acc = new RunAccounting();
    const r = await generateAnswers({
      questions,
      models: ["m"],
      engineFor: async () => engine,
      maxTokens: 64,
      accounting: acc,
      onAnswer: (a) => void answers.push(a),
    });
    expect(r).toEqual({ done: 2, failed: 0, total: 2, cancelled: false });
    expect(answers.map((a) => a.choices[0].turns)).toEqual([
      ["answer to Write a haiku", "answer to Make it sadder"],
      ["answer to 2+2?", "answer to times 3?"],
    ]);
    expect(engine.requests[1].messages).toEqual([
      { role: "user", content: "Write a haiku" },
      { role: "assistant", content: "answer to Write a haiku" },
      { role: "user", content: "Make it sadder" },
    ]);
    expect(engine.requests.map((q) => q.temperature)).toEqual([0.7, 0.7, 0, 0]);
    expect(engine.requests.every((q) => q.max_tokens === 64)).toBe(true);
    expect(answers[0]).toMatchObject({ question_id: 1, model_id: "m", choices: [{ index: 0 }] });
    expect(acc.snapshot().tokens.m).toEqual({ calls: 4, promptTokens: 40, completionTokens: 20, estimated: 0 });
    expect(acc.questionMs).toHaveLength(2);
  });

  it("records a failing question, keeps going, retries 429/5xx and skips what is done", async () => {
    let calls = 0;
    const engine = new ScriptedEngine("m", (req) => {
      calls++;
      if (req.messages[0].content === "2+2?") return new JoustError("bad_request:api", "too long");
      if (calls === 1) return new JoustError("rate_limit:provider", "slow down", { retryAfter: 0.001 });
      if (calls === 2) return new JoustError("upstream:provider", "HTTP 502");
      return "ok";
    });
    const errors: string[] = [];
    const answers: ModelAnswer[] = [];
    const r = await generateAnswers({
      questions: [...questions, { question_id: 3, category: "stem", turns: ["x"] }],
      models: ["m"],
      engineFor: async () => engine,
      maxTokens: 8,
      retry: noSleep,
      isDone: (_m, id) => id === 3,
      onAnswer: (a) => void answers.push(a),
      onError: (_m, q, e) => void errors.push(`${q.question_id}:${e.code}`),
    });
    expect(r).toMatchObject({ done: 2, failed: 1, total: 3 });
    expect(errors).toEqual(["2:bad_request:api"]);
    expect(answers.map((a) => a.question_id)).toEqual([1]);
  });

  it("stops on cancel without recording errors", async () => {
    const ac = new AbortController();
    const engine = new ScriptedEngine("m", () => (ac.abort(), "late"));
    const errors: unknown[] = [];
    const answers: unknown[] = [];
    const r = await generateAnswers({
      questions,
      models: ["m"],
      engineFor: async () => engine,
      maxTokens: 8,
      signal: ac.signal,
      onAnswer: (a) => void answers.push(a),
      onError: (...e) => void errors.push(e),
    });
    expect(r.cancelled).toBe(true);
    expect(answers).toEqual([]);
    expect(errors).toEqual([]);
    expect(engine.requests).toHaveLength(1);
  });
});

describe("judging", () => {
  const answers = indexAnswers(
    ["a", "b", "base"].flatMap((m) =>
      questions.map((q) => ({
        question_id: q.question_id,
        answer_id: "",
        model_id: m,
        choices: [{ index: 0, turns: [`${m}-t1`, `${m}-t2`] }],
        tstamp: 0,
      })),
    ),
  );

  it("builds FastChat's matches per mode", () => {
    expect(buildMatches("single", questions, ["a", "b"], answers)).toHaveLength(8);
    const base = buildMatches("pairwise-baseline", questions, ["a", "b", "base"], answers, "base");
    expect(base).toHaveLength(8);
    expect(base.every((m) => m.kind === "pair" && m.model_2 === "base")).toBe(true);
    expect(buildMatches("pairwise-all", questions, ["a", "b", "base"], answers)).toHaveLength(12);
    expect(buildMatches("single", questions, ["nobody"], answers)).toHaveLength(0);
    expect(() => buildMatches("pairwise-baseline", questions, ["a"], answers)).toThrow(/baseline/);
  });

  it("single: reference-guided and multi-turn prompts, scores parsed, unparsed kept as −1", async () => {
    const judge = new ScriptedEngine("j", (req) =>
      req.messages[1].content.includes("b-t") ? "no idea" : "Fine. Rating: [[7]]",
    );
    const out: SingleJudgment[] = [];
    const matches = buildMatches("single", questions, ["a", "b"], answers);
    const acc = new RunAccounting();
    const r = await runJudging({
      matches,
      answers,
      prompts,
      judgeName: "judge-x",
      judge,
      accounting: acc,
      onSingle: (j) => void out.push(j),
    });
    expect(r).toMatchObject({ done: 8, failed: 0, total: 8 });
    const math2 = out.find((j) => j.question_id === 2 && j.turn === 2 && j.model === "a")!;
    expect(math2.judge).toEqual(["judge-x", "single-math-v1-multi-turn"]);
    expect(math2.user_prompt).toContain("12");
    expect(math2.user_prompt).toContain("a-t2");
    expect(judge.requests[0].temperature).toBe(0);
    expect(judge.requests[0].messages[0].role).toBe("system");
    expect(singleResults(out)).toEqual([
      { model: "a", turn1: 7, turn2: 7, overall: 7, judged: 4, unparsed: 0 },
      { model: "b", turn1: null, turn2: null, overall: null, judged: 4, unparsed: 4 },
    ]);
    expect(acc.snapshot().tokens["judge-x"].calls).toBe(8);
  });

  it("pairwise: each pair twice with positions swapped; a position-biased judge gives ties", async () => {
    // Prefers whatever is shown as A: inconsistent across the swap → tie.
    const biased = new ScriptedEngine("j", () => "[[A]]");
    const out: PairJudgment[] = [];
    const matches = buildMatches("pairwise-baseline", questions, ["a", "base"], answers, "base");
    await runJudging({ matches, answers, prompts, judgeName: "j", judge: biased, onPair: (j) => void out.push(j) });
    expect(out[0]).toMatchObject({ g1_winner: "model_1", g2_winner: "model_2" });
    expect(out[0].g1_user_prompt.indexOf("a-t1")).toBeLessThan(out[0].g1_user_prompt.indexOf("base-t1"));
    expect(out[0].g2_user_prompt.indexOf("base-t1")).toBeLessThan(out[0].g2_user_prompt.indexOf("a-t1"));
    expect(pairResults(out, "base")).toEqual([
      { model: "a", win: 0, loss: 0, tie: 4, win_rate: 0, loss_rate: 0, win_rate_adjusted: 0.5 },
    ]);

    // Prefers model a wherever it is shown: consistent → a wins.
    const fair = new ScriptedEngine("j", (req) => {
      const u = req.messages[1].content;
      return u.indexOf("### Assistant A\na-") !== -1 || u.indexOf("A: a-") !== -1 ? "[[A]]" : "[[B]]";
    });
    const out2: PairJudgment[] = [];
    await runJudging({
      matches,
      answers,
      prompts,
      judgeName: "j",
      judge: fair,
      onPair: (j) => void out2.push(j),
      isDone: (k) => k === matchKey(matches[0]),
    });
    expect(out2).toHaveLength(3);
    expect(pairResults(out2, "base")[0]).toMatchObject({ win: 3, loss: 0, tie: 0, win_rate: 1 });
  });

  it("records a judge call that fails, and keeps going", async () => {
    const judge = new ScriptedEngine("j", (_r, n) => (n === 1 ? new JoustError("bad_request:api", "nope") : "[[5]]"));
    const errors: string[] = [];
    const out: SingleJudgment[] = [];
    const r = await runJudging({
      matches: buildMatches("single", questions, ["a"], answers),
      answers,
      prompts,
      judgeName: "j",
      judge,
      onSingle: (j) => void out.push(j),
      onError: (m, e) => void errors.push(`${matchKey(m)} ${e.code}`),
    });
    expect(r).toMatchObject({ done: 3, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(out).toHaveLength(3);
  });
});

describe("progress", () => {
  it("estimates the time left from this session's rate, not counting resumed work", () => {
    // 10 total, 4 done before (skipped), 2 more done + 1 failed in 3 s → 1 s each → 3 left → 3 s.
    const p = progressOf(6, 1, 10, 4, 0, 3000);
    expect(p).toMatchObject({ done: 6, failed: 1, total: 10, etaMs: 3000 });
    expect(progressOf(4, 0, 10, 4, 0, 3000).etaMs).toBeUndefined();
    expect(progressText("answers", p, 10)).toBe("answers [#######---] 7/10 done · 1 failed · ETA 3s");
    expect([formatDuration(59_000), formatDuration(61_000), formatDuration(3_720_000)]).toEqual([
      "59s",
      "1m 01s",
      "1h 02m",
    ]);
  });
});

describe("retry and concurrency", () => {
  it("retries retryable errors with backoff up to the limit, not bad requests", async () => {
    const delays: number[] = [];
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw new JoustError("upstream:provider", "502");
        },
        { retries: 3, baseMs: 100, sleep: async (ms) => void delays.push(ms) },
      ),
    ).rejects.toThrow("502");
    expect(n).toBe(4);
    expect(delays.map((d) => Math.floor(d / 100) * 100)).toEqual([100, 200, 400]);
    n = 0;
    await expect(
      withRetry(async () => {
        n++;
        throw new JoustError("bad_request:api", "bad");
      }, noSleep),
    ).rejects.toThrow("bad");
    expect(n).toBe(1);
    n = 0;
    await expect(
      withRetry(async () => {
        n++;
        throw new JoustError("upstream:provider", "401", { status: 401 });
      }, noSleep),
    ).rejects.toThrow("401");
    expect(n).toBe(1);
    const seen: number[] = [];
    await withRetry(
      async (a) => {
        if (a === 0) throw new JoustError("rate_limit:provider", "429", { retryAfter: 7 });
        return 1;
      },
      { sleep: async (ms) => void seen.push(ms) },
    );
    expect(seen).toEqual([7000]);
  });

  it("models sharing a limiter key take turns, model by model", async () => {
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const engine = (id: string) =>
      new ScriptedEngine(id, async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(id);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        return "ok";
      });
    const engines = { a: engine("a"), b: engine("b") };
    await generateAnswers({
      questions,
      models: ["a", "b"],
      engineFor: async (m) => engines[m as "a" | "b"],
      maxTokens: 8,
      parallel: (k) => (k === "shared" ? 1 : 4),
      limiterKey: () => "shared",
      onAnswer: () => undefined,
    });
    expect(peak).toBe(1);
    expect(order).toEqual(["a", "a", "a", "a", "b", "b", "b", "b"]);
  });

  it("never runs more than n tasks at once", async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 7 }, () =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
