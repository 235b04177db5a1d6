/**
 * Offline-first votes against the real server: votes cast offline survive a reload and reach the
 * server exactly once; a server killed (SIGKILL) while a batch is in flight loses nothing and
 * duplicates nothing after its restart. The in-browser side is the fake engine (UI-only variant):
 * what is under test here is the outbox, IndexedDB and the server's dedupe.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import type { CreateBattleResponse } from "../lib/arena/api-types";
import { ArenaPage } from "./pages/arena";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const STUB_PORT = Number(process.env.STUB_PORT ?? 4010);
/** A second server instance, owned by the kill test. */
const KILL_PORT = Number(process.env.E2E_KILL_PORT ?? PORT + 50);

async function openBattlePage(
  context: BrowserContext,
  origin = "",
): Promise<{ page: Page; arena: ArenaPage; battle: () => CreateBattleResponse }> {
  const page = await context.newPage();
  const arena = new ArenaPage(page);
  await arena.useFakeEngine();
  await arena.presetSettings(["fake:alpha"], { temperature: 0, max_tokens: 6 });
  let created: CreateBattleResponse | undefined;
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname === "/api/arena/battles" && r.request().method() === "POST")
      created = (await r.json()) as CreateBattleResponse;
  });
  await arena.goto(`${origin}/arena`);
  await arena.send("Offline please");
  await arena.waitForAnswers();
  await expect.poll(() => created, { timeout: 120_000 }).toBeTruthy();
  return { page, arena, battle: () => created! };
}

async function exportedIds(request: Page["request"], origin = ""): Promise<string[]> {
  const res = await request.get(`${origin}/api/arena/battles/export?format=json`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as Array<{ question_id: string }>).map((r) => r.question_id);
}

test("offline vote: pending with a notice, revealed when the browser is back online", async ({ context }) => {
  const { page, arena, battle } = await openBattlePage(context);
  await context.setOffline(true);
  await arena.vote("a");
  await expect(arena.reveal()).toHaveAttribute("data-state", "pending");
  await expect(arena.reveal()).toContainText("Names will be revealed when you're back online.");
  await arena.expectSyncCounts({ pending: 1 });
  await context.setOffline(false); // the `online` event resumes the sync
  await arena.revealedNames();
  await arena.expectSyncCounts({ pending: 0, synced: 1 });
  expect((await exportedIds(page.request)).filter((id) => id === battle().battleId)).toHaveLength(1);
});

test("offline: vote twice, reload, go online → exactly two votes on the server", async ({ context }) => {
  const one = await openBattlePage(context);
  const two = await openBattlePage(context);
  const ids = [one.battle().battleId, two.battle().battleId];
  await context.setOffline(true);
  await one.arena.vote("a");
  await two.arena.vote("bothbad");
  await one.arena.expectSyncCounts({ pending: 2 });
  await two.page.close();

  // Reload while the votes endpoint is still unreachable: the votes stay pending in IndexedDB.
  await context.route("**/api/arena/votes", (route) => route.abort("internetdisconnected"));
  await context.setOffline(false);
  await one.page.reload();
  await one.arena.expectSyncCounts({ pending: 2, synced: 0 });
  await expect(one.page.getByTestId("sync-last-error")).toHaveAttribute("data-code", "offline:vote");

  await context.unroute("**/api/arena/votes");
  await one.page.getByTestId("sync-retry").click();
  await one.arena.expectSyncCounts({ pending: 0, synced: 2 });
  const exported = await exportedIds(one.page.request);
  for (const id of ids)
    expect(
      exported.filter((x) => x === id),
      id,
    ).toHaveLength(1);
});

test.describe("server killed mid-batch", () => {
  let server: ChildProcess | undefined;

  const startServer = async (keepData: boolean) => {
    const child = spawn("node", ["scripts/e2e-server.mjs"], {
      detached: true, // own process group: SIGKILL reaches `next start` too
      stdio: "ignore",
      env: {
        ...process.env,
        E2E_PORT: String(KILL_PORT),
        STUB_PORT: String(STUB_PORT),
        ...(keepData ? { E2E_KEEP_DATA: "1" } : {}),
      },
    });
    server = child;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${KILL_PORT}/arena`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`server on ${KILL_PORT} did not start`);
  };
  const killServer = () => {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
    server = undefined;
  };

  test.afterEach(() => killServer());

  test("a batch whose server dies after storing it is resent after restart and stored once", async ({ context }) => {
    const origin = `http://127.0.0.1:${KILL_PORT}`;
    await startServer(false);
    const one = await openBattlePage(context, origin);
    const two = await openBattlePage(context, origin);
    const ids = [one.battle().battleId, two.battle().battleId];
    await context.setOffline(true);
    await one.arena.vote("a");
    await two.arena.vote("b");
    await one.arena.expectSyncCounts({ pending: 2 });
    await two.page.close();

    let inFlight = 0;
    let batchSize = 0;
    await context.route(`${origin}/api/arena/votes`, async (route) => {
      if (inFlight++ > 0) return route.continue();
      const response = await route.fetch(); // the server stores the batch…
      batchSize = ((await response.json()) as { results: unknown[] }).results.length;
      killServer(); // …and dies before its answer reaches the page
      await route.abort("connectionreset");
    });
    await context.setOffline(false);
    await expect.poll(() => batchSize, { timeout: 30_000 }).toBe(2);
    await one.arena.expectSyncCounts({ pending: 2, synced: 0 });

    await startServer(true);
    // On a slow restart the page's own backoff may resend the batch before the button is clicked (the
    // button goes once nothing is pending); either way the batch must end up stored exactly once.
    await one.page
      .getByTestId("sync-retry")
      .click({ timeout: 15_000 })
      .catch(async (err: unknown) => {
        if ((await one.page.getByTestId("sync-pending").getAttribute("data-count")) !== "0") throw err;
      });
    await one.arena.expectSyncCounts({ pending: 0, synced: 2, rejected: 0 }, 60_000);
    const exported = await exportedIds(one.page.request, origin);
    for (const id of ids)
      expect(
        exported.filter((x) => x === id),
        id,
      ).toHaveLength(1);
  });
});
