// /eval on real engines: the tiny in-browser model (transformers.js in its Web Worker) and a slow remote
// model answer a 2-question set; a stub judge speaking the OpenAI wire format gives fixed verdicts
// (e2e/stubs/upstream.mjs: `-rate8` → "Rating: [[8]]", `-verdictA` → "[[A]]"). A reload mid-run resumes.
import { expect, test } from "@playwright/test";
import { EvalPage } from "./pages/eval";

const TINY = "transformers:tiny-chat";
const SLOW = "remote:stub-gpt-slow"; // the stub streams 48 tokens at 40 ms each
const QUESTIONS = [
  { question_id: 101, category: "writing", turns: ["Say hello", "Say it again"] },
  { question_id: 102, category: "math", turns: ["What is 2+2?", "Times three?"], reference: ["4", "12"] },
];

test("answers from an in-browser and a remote model, resumed after a reload; single and pairwise judging with a stub judge", async ({
  page,
}) => {
  const ev = new EvalPage(page);
  await ev.goto();
  await ev.uploadQuestions("two.jsonl", QUESTIONS);
  await expect(page.getByTestId("eval-question-summary")).toContainText("2 questions from two.jsonl (writing, math)");
  await ev.pickModels([TINY, SLOW]);
  await ev.maxTokens.fill("24");
  await ev.generateButton.click();
  await expect(ev.progressText).toContainText(/\d\/4 done · ETA/);

  // The tiny model finishes both questions long before the slow remote one: reload while it is mid-way.
  await expect(ev.answerCount).toHaveText(/^[23]\/4 answered$/, { timeout: 120_000 });
  await page.reload();
  await expect(page.getByTestId("eval-view")).toHaveAttribute("data-ready", "true");
  await expect(ev.answerCount).toHaveText(/^[23]\/4 answered$/);
  await expect(ev.resumeHint).toBeVisible();
  await expect(ev.generateButton).toHaveText("Resume answers");
  await ev.generateButton.click();
  await expect(ev.answerCount).toHaveText("4/4 answered", { timeout: 60_000 });
  await expect(ev.generateButton).toBeDisabled();
  await expect(ev.resumeHint).toHaveCount(0);

  // Both turns of each answer are in the QA browser; the stub echoes the multi-turn prompts.
  const qa = page.getByTestId("eval-qa");
  await expect(
    qa.locator(`[data-testid="eval-qa-column"][data-model="${SLOW}"] [data-testid="eval-qa-answer"]`).nth(1),
  ).toContainText("Echo: Say it again");
  await expect(
    qa.locator(`[data-testid="eval-qa-column"][data-model="${TINY}"] [data-testid="eval-qa-answer"]`).first(),
  ).not.toHaveText("—");

  // Single grading: 2 models × 2 questions × 2 turns, all rated 8 by the stub judge.
  await ev.judge("remote:stub-judge", "single");
  await expect(ev.judgeCalls).toHaveText("Judge calls: 8 made, 0 left", { timeout: 60_000 });
  for (const m of [TINY, SLOW]) {
    const row = ev.singleRow("remote:stub-judge", m);
    await expect(row.getByTestId("turn1")).toHaveText("8.00");
    await expect(row.getByTestId("turn2")).toHaveText("8.00");
    await expect(row.getByTestId("overall")).toHaveText("8.00");
    await expect(row.getByTestId("unparsed")).toHaveText("0");
  }
  await expect(ev.chartBars).toHaveCount(4); // 2 models × 2 categories
  await expect(ev.chartBars.first()).toHaveAttribute("data-value", "8");
  await page.getByTestId("eval-qa-question").selectOption({ index: 1 });
  await expect(page.getByTestId("eval-qa-reference").first()).toHaveText("Reference 1: 4");
  await expect(qa.getByTestId("eval-qa-judgment").first()).toContainText("Rating: [[8]]");

  // Pairwise: the stub judge always answers [[A]], so every pair is inconsistent across the swap → ties.
  await ev.judge("remote:stub-judge-pair", "pairwise-all");
  await expect(ev.judgeCalls).toHaveText("Judge calls: 8 made, 0 left", { timeout: 60_000 });
  for (const m of [TINY, SLOW]) {
    const prow = ev.pairRow("remote:stub-judge-pair", m);
    await expect(prow.getByTestId("win")).toHaveText("0");
    await expect(prow.getByTestId("loss")).toHaveText("0");
    await expect(prow.getByTestId("tie")).toHaveText("4");
    await expect(ev.pairRow("remote:stub-judge-pair", m).getByTestId("win-rate-adjusted")).toHaveText("50.0%");
  }

  // Token and time accounting per model and judge.
  await expect(page.locator('[data-testid="eval-cost-row"][data-name="remote:stub-judge"]')).toContainText("8");
  await expect(page.locator(`[data-testid="eval-cost-row"][data-name="${SLOW}"]`)).toBeVisible();
});

test("a malformed question file is refused with its line number", async ({ page }) => {
  const ev = new EvalPage(page);
  await ev.goto();
  await page.getByTestId("eval-questions-file").setInputFiles({
    name: "bad.jsonl",
    mimeType: "application/jsonl",
    buffer: Buffer.from('{"question_id": 1, "category": "x", "turns": ["a"]}\n{"question_id": 2, "turns": []}\n'),
  });
  await expect(page.getByTestId("eval-questions-error")).toContainText("bad.jsonl: line 2: category");
});
