import { expect, type Locator, type Page } from "@playwright/test";

/** Page object for /eval (MT-Bench-style evaluation). */
export class EvalPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/eval");
    await expect(this.page.getByTestId("eval-view")).toHaveAttribute("data-ready", "true");
  }

  async uploadQuestions(name: string, lines: unknown[]) {
    await this.page.getByTestId("eval-questions-file").setInputFiles({
      name,
      mimeType: "application/jsonl",
      buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join("\n") + "\n"),
    });
  }

  modelOption(id: string): Locator {
    return this.page.locator(`[data-testid="eval-model-option"][data-model="${id}"]`);
  }

  async pickModels(ids: string[]) {
    for (const id of ids) {
      await this.page.getByTestId("eval-model-filter").fill(id);
      // The choice is saved to IndexedDB and read back live, so the box updates a moment after the click.
      await this.modelOption(id).click();
      await expect(this.modelOption(id)).toBeChecked();
    }
  }

  get maxTokens(): Locator {
    return this.page.getByTestId("eval-max-tokens");
  }
  get generateButton(): Locator {
    return this.page.getByTestId("eval-generate-start");
  }
  get answerCount(): Locator {
    return this.page.getByTestId("eval-answer-count");
  }
  get progressText(): Locator {
    return this.page.getByTestId("eval-generate-progress-text");
  }
  get resumeHint(): Locator {
    return this.page.getByTestId("eval-resume-hint");
  }

  async judge(judgeId: string, mode: "single" | "pairwise-baseline" | "pairwise-all", baseline?: string) {
    await this.page.getByTestId("eval-judge-model").selectOption(judgeId);
    await this.page.getByTestId("eval-judge-mode").selectOption(mode);
    if (baseline) await this.page.getByTestId("eval-judge-baseline").selectOption(baseline);
    await this.page.getByTestId("eval-judge-start").click();
  }
  get judgeCalls(): Locator {
    return this.page.getByTestId("eval-judge-calls");
  }

  singleRow(judge: string, model: string): Locator {
    return this.page.locator(
      `[data-testid="eval-single-results"][data-judge="${judge}"] [data-testid="eval-single-row"][data-model="${model}"]`,
    );
  }
  pairRow(judge: string, model: string): Locator {
    return this.page.locator(
      `[data-testid="eval-pair-results"][data-judge="${judge}"] [data-testid="eval-pair-row"][data-model="${model}"]`,
    );
  }
  get chartBars(): Locator {
    return this.page.getByTestId("eval-chart-bar");
  }
}
