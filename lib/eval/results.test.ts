import { describe, expect, it } from "vitest";
import { parseJudgmentFile, parseModelAnswers } from "./files";
import { EvalFileError } from "./jsonl";
import { categoryMeans } from "./results";
import { formatResult, resultJson, showJudgments } from "./show";

// Lines as FastChat's gen_judgment.py writes them (json.dumps of its result dict).
const single = (question_id: number, model: string, turn: number, score: number) =>
  JSON.stringify({
    question_id,
    model,
    judge: ["gpt-4", turn === 1 ? "single-v1" : "single-v1-multi-turn"],
    user_prompt: "[Question]...",
    judgment: score === -1 ? "no rating" : `Rating: [[${score}]]`,
    score,
    turn,
    tstamp: 1700000000.5,
  });
const pair = (question_id: number, model_1: string, model_2: string, g1: string, g2: string, turn = 1) =>
  JSON.stringify({
    question_id,
    model_1,
    model_2,
    g1_winner: g1,
    g2_winner: g2,
    judge: ["gpt-4", "pair-v2"],
    g1_user_prompt: "p1",
    g1_judgment: "j1",
    g2_user_prompt: "p2",
    g2_judgment: "j2",
    turn,
    tstamp: 1700000000.5,
  });

describe("single judgment files", () => {
  const text = [
    single(81, "alpha", 1, 8),
    single(81, "alpha", 2, 6),
    single(82, "alpha", 1, 9),
    single(82, "alpha", 2, -1),
    single(81, "beta", 1, 4),
    single(81, "beta", 2, 5),
    single(82, "beta", 1, 7.5),
    single(82, "beta", 2, 3),
  ].join("\n");

  it("gives the means computed by hand; −1 is excluded from means and counted as unparsed", () => {
    const r = showJudgments(text, "gpt-4_single.jsonl");
    expect(r.kind).toBe("single");
    // alpha: turn1 (8+9)/2 = 8.5, turn2 6, overall (8+6+9)/3 = 23/3; beta: turn1 5.75, turn2 4, overall 19.5/4
    expect(resultJson(r)).toEqual({
      models: [
        { model: "alpha", turn1: 8.5, turn2: 6, overall: 23 / 3, judged: 4, unparsed: 1 },
        { model: "beta", turn1: 5.75, turn2: 4, overall: 4.875, judged: 4, unparsed: 0 },
      ],
    });
    expect(formatResult(r)).toMatch(/alpha\s+8\.5000\s+6\.0000\s+7\.6667\s+4\s+1/);
  });

  it("means per category for the chart", () => {
    const { judgments } = parseJudgmentFile(text) as { kind: "single"; judgments: never[] };
    const m = categoryMeans(judgments, [
      { question_id: 81, category: "writing", turns: ["x"] },
      { question_id: 82, category: "math", turns: ["y"] },
    ]);
    expect(m.get("alpha")?.get("writing")).toBe(7);
    expect(m.get("alpha")?.get("math")).toBe(9);
    expect(m.get("beta")?.get("math")).toBe(5.25);
  });
});

describe("pairwise judgment files", () => {
  const text = [
    pair(81, "alpha", "base", "model_1", "model_1"), // alpha wins
    pair(82, "alpha", "base", "model_1", "model_2"), // inconsistent → tie
    pair(83, "alpha", "base", "tie", "tie"), // tie
    pair(84, "alpha", "base", "error", "model_1"), // left out
    pair(81, "beta", "base", "model_2", "model_2"), // base wins
    pair(82, "beta", "base", "model_1", "model_1"), // beta wins
    pair(81, "alpha", "beta", "model_1", "model_1"), // alpha beats beta
  ].join("\n");

  it("with a baseline: only battles against it, baseline dropped, rates by hand", () => {
    const r = showJudgments(text, "gpt-4_pair.jsonl", "base");
    expect(resultJson(r)).toEqual({
      models: [
        { model: "alpha", win: 1, loss: 0, tie: 2, win_rate: 1 / 3, loss_rate: 0, win_rate_adjusted: 2 / 3 },
        { model: "beta", win: 1, loss: 1, tie: 0, win_rate: 0.5, loss_rate: 0.5, win_rate_adjusted: 0.5 },
      ],
    });
    expect(r.kind === "pairwise" && r.unparsed).toBe(1);
  });

  it("without a baseline every pair counts", () => {
    const r = showJudgments(text, "gpt-4_pair.jsonl");
    const by = Object.fromEntries(resultJson(r).models.map((m) => [m.model, m]));
    expect(by.alpha).toMatchObject({ win: 2, loss: 0, tie: 2, win_rate_adjusted: 0.75 });
    expect(by.beta).toMatchObject({ win: 1, loss: 2, tie: 0, win_rate: 1 / 3, loss_rate: 2 / 3 });
    expect(by.base).toMatchObject({ win: 1, loss: 2, tie: 2, win_rate_adjusted: 0.4 });
    expect(formatResult(r)).toContain("win_rate_adjusted");
  });
});

describe("malformed files", () => {
  it("names the line", () => {
    const cases: Array<[string, RegExp]> = [
      [`${single(1, "a", 1, 5)}\n{"question_id": 2, "model": "a"`, /j\.jsonl: line 2: invalid JSON/],
      [
        `${single(1, "a", 1, 5)}\n\n${JSON.stringify({ question_id: 2, model: "a", judge: ["g", "p"], score: "high", turn: 1 })}`,
        /j\.jsonl: line 3: score/,
      ],
      [`${pair(1, "a", "b", "model_1", "model_1")}\n${pair(2, "a", "b", "model_3", "model_1")}`, /line 2: g1_winner/],
      [`${pair(1, "a", "b", "model_1", "model_1")}\n${single(1, "a", 1, 5)}`, /line 2: model_1/],
      [`{"foo": 1}`, /line 1: neither a single judgment/],
      [`\n\n`, /line 1: the file holds no judgments/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        parseJudgmentFile(text, "j.jsonl");
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).toBeInstanceOf(EvalFileError);
      expect((err as Error).message).toMatch(re);
    }
  });
  it("reads model answer files and names a bad line", () => {
    const ok = JSON.stringify({
      question_id: 81,
      answer_id: "x",
      model_id: "m",
      choices: [{ index: 0, turns: ["a", "b"] }],
      tstamp: 1,
    });
    expect(parseModelAnswers(ok)[0].choices[0].turns).toEqual(["a", "b"]);
    expect(() => parseModelAnswers(`${ok}\n{"question_id": 82, "model_id": "m", "choices": []}`, "m.jsonl")).toThrow(
      /m\.jsonl: line 2: choices/,
    );
  });
});
