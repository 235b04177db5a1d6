import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import type { LeaderboardResponse } from "../../lib/leaderboard/types";

/** Page object for /leaderboard. */
export class LeaderboardPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/leaderboard");
    await expect(this.page.getByRole("heading", { name: "Leaderboard" })).toBeVisible();
  }

  get styleSwitch(): Locator {
    return this.page.getByTestId("filter-style-control");
  }

  get coefficients(): Locator {
    return this.page.getByTestId("leaderboard-style-coefficients");
  }

  coefficient(feature: "length" | "header" | "list" | "bold"): Locator {
    return this.page.locator(
      `[data-testid="style-coefficient"][data-feature="${feature}"] [data-testid="style-coefficient-value"]`,
    );
  }

  get category(): Locator {
    return this.page.getByTestId("filter-category");
  }

  row(model: string): Locator {
    return this.page.locator(`[data-testid="leaderboard-row"][data-model="${model}"]`);
  }

  rankDelta(model: string): Locator {
    return this.row(model).getByTestId("leaderboard-rank-delta");
  }

  /** Only battles in this date range (yyyy-mm-dd), re-querying the API. */
  async dateRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId("filter-from").fill(from);
    await this.page.getByTestId("filter-to").fill(to);
  }

  /** Waits for the next /api/leaderboard answer whose URL contains `part`. */
  nextQuery(part: string) {
    return this.page.waitForResponse((r) => r.url().includes("/api/leaderboard?") && r.url().includes(part));
  }
}

/** Polls the JSON API until it answers from the current votes (the service recomputes in the background). */
export async function freshBoard(request: APIRequestContext, query: string): Promise<LeaderboardResponse> {
  let body = { stale: true } as LeaderboardResponse;
  await expect
    .poll(
      async () => {
        body = await (await request.get(`/api/leaderboard?${query}`)).json();
        return body.stale;
      },
      { timeout: 30_000 },
    )
    .toBe(false);
  return body;
}
