import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutDir } from "./out-dir";

const answer = (question_id: number, model_id = "m") => ({
  question_id,
  answer_id: "x",
  model_id,
  choices: [{ index: 0, turns: ["a"] }],
  tstamp: 1,
});

describe("OutDir (resumable CLI output)", () => {
  it("knows what is done, drops a last line cut short by a kill, and rejects a bad line in the middle by number", () => {
    const out = new OutDir(mkdtempSync(join(tmpdir(), "joust-outdir-")));
    out.appendAnswer(answer(1));
    out.appendAnswer(answer(2));
    const path = out.answerPath("m");
    writeFileSync(path, readFileSync(path, "utf8") + '{"question_id": 3, "answ');
    expect([...out.loadAnswers("m").keys()]).toEqual(["1", "2"]);
    expect(readFileSync(path, "utf8").endsWith("}\n")).toBe(true);
    out.appendAnswer(answer(3));
    expect([...out.loadAnswers("m").keys()]).toEqual(["1", "2", "3"]);
    writeFileSync(path, `${JSON.stringify(answer(1))}\nnot json\n${JSON.stringify(answer(2))}\n`);
    expect(() => out.loadAnswers("m")).toThrow(/m\.jsonl: line 2: invalid JSON/);
  });

  it("reorganises an answer file as FastChat does: sorted by question id, one line per question", () => {
    const out = new OutDir(mkdtempSync(join(tmpdir(), "joust-outdir-")));
    for (const id of [3, 1, 2, 1]) out.appendAnswer({ ...answer(id), answer_id: `a${id}-${Math.random()}` });
    const last1 = readFileSync(out.answerPath("m"), "utf8").trim().split("\n").at(-1)!;
    out.reorgAnswers("m");
    const lines = readFileSync(out.answerPath("m"), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).question_id)).toEqual([1, 2, 3]);
    expect(lines[0]).toBe(last1);
  });

  it("keeps model names from escaping the folder", () => {
    const out = new OutDir(mkdtempSync(join(tmpdir(), "joust-outdir-")));
    expect(out.answerPath("../../etc/x")).toMatch(/model_answer\/_.*x\.jsonl$/);
    expect(out.answerPath("../../etc/x")).not.toContain("..");
    expect(out.judgmentPath("org/judge", "pairwise")).toMatch(/model_judgment\/org_judge_pair\.jsonl$/);
  });
});
