import { expect, test } from "@playwright/test";

test("every top-level page renders its heading @wasm", async ({ page }) => {
  for (const path of ["/", "/models", "/arena", "/leaderboard"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await expect(page.getByRole("link", { name: "Joust" })).toBeVisible();
  }
});
