import { expect, test } from "@playwright/test";

test.describe("leaderboard", () => {
  test("an empty vote store shows the empty state, and filters keep it consistent", async ({ page }) => {
    const res = await page.goto("/leaderboard");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Leaderboard" })).toBeVisible();
    await expect(page.getByTestId("leaderboard-empty")).toContainText("No votes yet.");
    await expect(page.getByTestId("leaderboard-total-votes")).toHaveText("0 votes in total");
    await expect(page.getByTestId("leaderboard-updated")).toContainText("Last updated");
    await expect(page.getByTestId("leaderboard-table")).toHaveCount(0);

    // Switching to the named view and excluding ties re-queries the API and stays empty, without errors.
    const refetch = page.waitForResponse((r) => r.url().includes("/api/leaderboard?") && r.url().includes("anony=0"));
    await page.getByTestId("filter-named").click();
    expect((await refetch).status()).toBe(200);
    await expect(page.getByTestId("filter-named")).toHaveAttribute("aria-pressed", "true");
    await page.getByTestId("filter-exclude-ties").check();
    await page.getByTestId("filter-min-battles").fill("5");
    await page.getByTestId("leaderboard-refresh").click();
    await expect(page.getByTestId("leaderboard-empty")).toBeVisible();
    await expect(page.getByTestId("leaderboard-error")).toHaveCount(0);
  });

  test("the JSON API serves the documented shape and typed 400s", async ({ request }) => {
    const ok = await request.get("/api/leaderboard?anony=1&excludeTies=0&minBattles=0&from=&to=&rounds=100");
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ models: [], totalVotes: 0, winFraction: { models: [], matrix: [] }, battleCounts: { models: [], matrix: [] } });
    expect(Number.isNaN(Date.parse(body.updatedAt))).toBe(false);

    const bad = await request.get("/api/leaderboard?rounds=-3");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request:leaderboard");
  });

  // The vote store (lib/votes/store.ts) is still a placeholder in this worktree; this journey is
  // completed during integration, when arena votes are persisted and synced to the server.
  test.fixme("votes cast in the arena appear on /leaderboard after sync", async () => {});
});
