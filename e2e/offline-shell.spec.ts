/**
 * The installable, offline-capable app shell (Serwist service worker, workers/sw.ts): after one visit
 * every page opens with no network, a vote cast offline survives an offline reload and syncs exactly
 * once when the browser is back online, and no API response or model file is ever in the worker's caches.
 */
import { expect, test, type Page } from "@playwright/test";
import type { CreateBattleResponse } from "../lib/arena/api-types";
import { ArenaPage } from "./pages/arena";

const SHELL = ["/", "/arena", "/arena/side-by-side", "/models", "/leaderboard", "/playground"];

/** Wait until the service worker controls the page and has warmed every shell page. */
async function waitForShell(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
  await expect
    .poll(
      async () =>
        page.evaluate(async () =>
          (await (await caches.open("joust-pages")).keys()).map((r) => new URL(r.url).pathname).sort(),
        ),
      { timeout: 60_000 },
    )
    .toEqual([...SHELL].sort());
}

test("manifest and icons are served for installation", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = (await (await request.get(href!)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: Array<{ src: string; sizes: string }>;
  };
  expect(manifest).toMatchObject({ name: "Joust", start_url: "/", display: "standalone" });
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect((await request.get("/favicon.ico")).status()).toBe(200);
});

test("offline: the pages open after one visit; a vote cast offline survives a reload and syncs exactly once", async ({
  context,
}) => {
  const page = await context.newPage();
  const arena = new ArenaPage(page);
  await arena.useFakeEngine();
  await arena.presetSettings(["fake:alpha"], { temperature: 0, max_tokens: 6 });
  let battle: CreateBattleResponse | undefined;
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname === "/api/arena/battles" && r.request().method() === "POST")
      battle = (await r.json()) as CreateBattleResponse;
  });
  await arena.goto("/arena");
  await waitForShell(page);
  await arena.send("Offline please");
  await arena.waitForAnswers();
  await expect.poll(() => battle, { timeout: 60_000 }).toBeTruthy();

  await context.setOffline(true);
  await arena.vote("a");
  await arena.expectSyncCounts({ pending: 1 });
  await page.reload();
  await expect(page.getByTestId("arena")).toBeVisible();
  await arena.expectSyncCounts({ pending: 1 });
  for (const path of SHELL) {
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Joust" }), path).toBeVisible();
  }
  await page.goto("/");
  await expect(page.getByTestId("chat-app")).toHaveAttribute("data-ready", "true");

  // Nothing from the API or the model folders was ever stored by the worker.
  const cached = await page.evaluate(async () =>
    (
      await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))
    ).flat(),
  );
  expect(cached.filter((u) => /^\/(api|models)\//.test(new URL(u).pathname))).toEqual([]);
  expect(cached.length).toBeGreaterThan(SHELL.length); // the check above looked at real caches

  await page.goto("/arena").catch(() => undefined);
  await context.setOffline(false);
  await arena.expectSyncCounts({ pending: 0, synced: 1 });
  const res = await page.request.get("/api/arena/battles/export?format=json");
  const ids = ((await res.json()) as Array<{ question_id: string }>).map((r) => r.question_id);
  expect(ids.filter((id) => id === battle!.battleId)).toHaveLength(1);
});
