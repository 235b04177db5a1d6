import { expect, type Locator, type Page } from "@playwright/test";
import { pickModel } from "./model-picker";

export type VoteChoice = "a" | "b" | "tie" | "bothbad";

/** Page object for /arena and /arena/side-by-side. */
export class ArenaPage {
  constructor(readonly page: Page) {}

  /** Show the deterministic fake models (fake:alpha / fake:beta) — UI-only variant. */
  async useFakeEngine(): Promise<void> {
    await this.page.addInitScript(() => localStorage.setItem("joust:fake-engine", "1"));
  }

  /** Preset the persisted arena settings before the page loads (which local models may battle, params). */
  async presetSettings(
    enabledLocalIds: string[],
    params: { temperature?: number; max_tokens?: number } = { temperature: 0, max_tokens: 16 },
  ): Promise<void> {
    await this.page.addInitScript(
      ([ids, p]) => {
        if (!sessionStorage.getItem("arena-preset-done")) {
          localStorage.setItem(
            "joust:arena-settings",
            JSON.stringify({ state: { enabledLocalIds: ids, params: p }, version: 1 }),
          );
          sessionStorage.setItem("arena-preset-done", "1");
        }
      },
      [enabledLocalIds, params] as const,
    );
  }

  async goto(path: "/arena" | "/arena/side-by-side" | string = "/arena"): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByTestId("arena")).toBeVisible();
  }

  pane(side: "a" | "b"): Locator {
    return this.page.getByTestId(`arena-pane-${side}`);
  }

  paneStatus(side: "a" | "b"): Locator {
    return this.page.getByTestId(`arena-pane-${side}-status`);
  }

  answers(side: "a" | "b"): Locator {
    return this.pane(side).locator('[data-testid="arena-message-' + side + '"][data-role="assistant"]');
  }

  async send(prompt: string): Promise<void> {
    await this.page.getByTestId("arena-prompt").fill(prompt);
    await this.page.getByTestId("arena-send").click();
  }

  /** Wait until both sides have finished the turn (done or failed). */
  async waitForAnswers(timeout = 120_000): Promise<void> {
    for (const side of ["a", "b"] as const) {
      await expect(this.paneStatus(side)).toHaveAttribute("data-status", /^(done|error)$/, { timeout });
    }
    await expect(this.page.getByTestId("arena-send")).toBeVisible({ timeout });
  }

  async expectBothAnswered(): Promise<void> {
    for (const side of ["a", "b"] as const) {
      await expect(this.paneStatus(side)).toHaveAttribute("data-status", "done");
      await expect(this.answers(side).last()).not.toBeEmpty();
    }
  }

  async vote(choice: VoteChoice): Promise<void> {
    await this.page.getByTestId(`vote-${choice}`).click();
  }

  reveal(): Locator {
    return this.page.getByTestId("arena-reveal");
  }

  async revealedNames(): Promise<[string, string]> {
    await expect(this.reveal()).toHaveAttribute("data-state", "synced");
    return [
      (await this.page.getByTestId("arena-reveal-a").innerText()).trim(),
      (await this.page.getByTestId("arena-reveal-b").innerText()).trim(),
    ];
  }

  async syncCounts(): Promise<{ pending: number; synced: number; rejected: number }> {
    const n = async (id: string) => Number(await this.page.getByTestId(id).getAttribute("data-count"));
    return { pending: await n("sync-pending"), synced: await n("sync-synced"), rejected: await n("sync-rejected") };
  }

  async expectSyncCounts(
    expected: Partial<{ pending: number; synced: number; rejected: number }>,
    timeout = 30_000,
  ): Promise<void> {
    for (const [k, v] of Object.entries(expected)) {
      await expect(this.page.getByTestId(`sync-${k}`)).toHaveAttribute("data-count", String(v), { timeout });
    }
  }

  /** The whole serialized DOM, attributes included, lower-cased (for "names must not appear" checks). */
  async domText(): Promise<string> {
    return (await this.page.content()).toLowerCase();
  }

  async expectNamesAbsentFromDom(names: string[]): Promise<void> {
    const dom = await this.domText();
    for (const n of names) expect(dom, `"${n}" must not be in the DOM before the vote`).not.toContain(n.toLowerCase());
  }

  async pick(a: string, b: string): Promise<void> {
    await pickModel(this.page, "arena-pick-a", a);
    await pickModel(this.page, "arena-pick-b", b);
  }
}
