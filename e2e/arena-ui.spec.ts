/**
 * UI-only arena checks (no arena server needed): our own arena endpoints are faked with page.route,
 * the in-browser side is the real fake engine (localStorage joust:fake-engine) in the real page,
 * and the outbox is the browser's real IndexedDB. The full-stack journeys are in arena.spec.ts.
 */
import { expect, test, type Page, type Route } from "@playwright/test";
import type { CreateBattleRequest, CreateBattleResponse, VoteResult, VoteSubmission } from "../lib/arena/api-types";
import { ArenaPage } from "./pages/arena";

interface FakeArena {
  battles: CreateBattleRequest[];
  votes: VoteSubmission[];
  voteRequests: number;
  rejectAll: boolean;
  /** page.route still answers under context.setOffline: this makes the faked endpoint unreachable too. */
  offline: boolean;
}

const REMOTE_NAME = "stub-gpt";

function sse(texts: string[]): string {
  const chunk = (content: string | undefined, finish: string | null) =>
    `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "battle-side", choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }] })}\n\n`;
  return texts.map((t) => chunk(t, null)).join("") + chunk(undefined, "stop") + "data: [DONE]\n\n";
}

async function fakeArena(page: Page, opts: { sequential?: boolean } = {}): Promise<FakeArena> {
  const state: FakeArena = { battles: [], votes: [], voteRequests: 0, rejectAll: false, offline: false };
  await page.route("**/api/arena/battles", async (route: Route) => {
    const req = route.request().postDataJSON() as CreateBattleRequest;
    state.battles.push(req);
    const id = `battle-${state.battles.length}`;
    const local = {
      kind: "local" as const,
      model: { id: "fake:alpha", backend: "fake" as const, displayName: "Fake Alpha" },
    };
    const sides: CreateBattleResponse["sides"] =
      req.mode === "named"
        ? {
            a: { kind: "local", model: { id: "fake:alpha", backend: "fake", displayName: "Fake Alpha" } },
            b: { kind: "remote", model: REMOTE_NAME },
          }
        : opts.sequential
          ? { a: local, b: { kind: "local", model: { id: "fake:beta", backend: "fake", displayName: "Fake Beta" } } }
          : { a: local, b: { kind: "remote" } };
    const body: CreateBattleResponse = {
      battleId: id,
      token: `tok-${id}`,
      expiresAt: Date.now() + 3600_000,
      mode: req.mode,
      sides,
      sequential: !!opts.sequential,
    };
    await route.fulfill({ status: 201, json: body });
  });
  await page.route("**/api/arena/battles/*/stream", (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: sse(["The ", "remote ", "answer."]),
    }),
  );
  await page.route("**/api/arena/votes", async (route) => {
    if (state.offline) return route.abort("internetdisconnected");
    state.voteRequests++;
    const { votes } = route.request().postDataJSON() as { votes: VoteSubmission[] };
    const results: VoteResult[] = votes.map((v) => {
      if (state.rejectAll)
        return {
          idempotencyKey: v.idempotencyKey,
          status: "rejected",
          error: { code: "forbidden:vote", message: "The battle token expired." },
        };
      const dup = state.votes.some((s) => s.idempotencyKey === v.idempotencyKey);
      if (!dup) state.votes.push(v);
      return {
        idempotencyKey: v.idempotencyKey,
        status: dup ? "duplicate" : "stored",
        model_a: "fake:alpha",
        model_b: REMOTE_NAME,
        counted: false,
      };
    });
    await route.fulfill({ status: 200, json: { results } });
  });
  await page.route("**/api/models", (route) =>
    // As the e2e server says it (JOUST_TEST_MODELS=1): the fake in-browser models may be listed.
    route.fulfill({
      json: {
        models: [
          { name: REMOTE_NAME, provider: "openai", available: true, arena: { anonymousOnly: false, weight: 1 } },
        ],
        testModels: true,
      },
    }),
  );
  return state;
}

/** The DOM, attributes included, minus the answers' own text (a reply may name itself). */
async function domWithoutAnswers(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-role="assistant"]').forEach((n) => (n.textContent = ""));
    return clone.outerHTML.toLowerCase();
  });
}

test.beforeEach(async ({ page }) => {
  const arena = new ArenaPage(page);
  await arena.useFakeEngine();
  await arena.presetSettings(["fake:alpha"], { temperature: 0, max_tokens: 12 });
});

test("anonymous battle: both panes stream, names hidden until the vote, then revealed and closed @wasm", async ({
  page,
}) => {
  const fake = await fakeArena(page);
  const arena = new ArenaPage(page);
  await arena.goto("/arena");
  await arena.send("Say hi");
  await arena.waitForAnswers();
  await arena.expectBothAnswered();
  await expect(arena.answers("b").last()).toHaveText("The remote answer.");
  expect(fake.battles[0]).toMatchObject({ mode: "anonymous", localModels: [{ id: "fake:alpha", backend: "fake" }] });

  // multi-turn, then regenerate both sides
  await arena.send("And again");
  await arena.waitForAnswers();
  await expect(arena.answers("a")).toHaveCount(2);
  await page.getByTestId("arena-regenerate").click();
  await arena.waitForAnswers();
  await expect(arena.answers("a")).toHaveCount(2);

  const dom = await domWithoutAnswers(page);
  for (const name of ["fake:alpha", "fake alpha", REMOTE_NAME]) expect(dom).not.toContain(name);
  await expect(page.getByTestId("arena-pane-a-title")).toHaveText("Model A");
  // The fake model's reply names itself ("Fake Alpha says…"): the browser-side hint warns, without naming it.
  await expect(page.getByTestId("arena-identity-hint")).toBeVisible();

  await arena.vote("a");
  expect(await arena.revealedNames()).toEqual(["fake:alpha", REMOTE_NAME]);
  await expect(page.getByTestId("arena-counted")).toHaveAttribute("data-counted", "0");
  expect(fake.votes).toHaveLength(1);
  expect(fake.votes[0]).toMatchObject({ battleId: "battle-1", token: "tok-battle-1", winner: "model_a", turn: 2 });
  expect(fake.votes[0].conversation_b.at(-1)).toEqual({ role: "assistant", content: "The remote answer." });
  await expect(page.getByTestId("vote-b")).toBeDisabled();
  await expect(page.getByTestId("arena-prompt")).toBeDisabled();
  await expect(page.getByTestId("vote-a")).toHaveAttribute("aria-pressed", "true");
  await arena.expectSyncCounts({ pending: 0, synced: 1 });

  await page.getByTestId("arena-new-round").click();
  await expect(arena.answers("a")).toHaveCount(0);
  await expect(page.getByTestId("vote-a")).toBeDisabled();
});

test("offline vote is kept in IndexedDB, revealed after coming back online, sent exactly once", async ({
  page,
  context,
}) => {
  const fake = await fakeArena(page);
  const arena = new ArenaPage(page);
  await arena.goto("/arena");
  await arena.send("Offline test");
  await arena.waitForAnswers();
  await context.setOffline(true);
  fake.offline = true;
  await expect(page.getByTestId("arena-online")).toHaveAttribute("data-online", "0");
  await arena.vote("tie");
  await expect(arena.reveal()).toHaveAttribute("data-state", "pending");
  await expect(arena.reveal()).toContainText("Names will be revealed when you're back online.");
  await arena.expectSyncCounts({ pending: 1, synced: 0 });
  expect(fake.votes).toHaveLength(0);
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("joust");
        open.onsuccess = () => {
          const tx = open.result.transaction(["outbox", "battles"]);
          const req = tx.objectStore("battles").count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
  expect(stored).toBe(1);

  fake.offline = false;
  await context.setOffline(false);
  expect(await arena.revealedNames()).toEqual(["fake:alpha", REMOTE_NAME]);
  await arena.expectSyncCounts({ pending: 0, synced: 1 });
  await page.reload();
  await arena.expectSyncCounts({ pending: 0, synced: 1 });
  expect(fake.votes).toHaveLength(1);
  expect(fake.votes[0].winner).toBe("tie");
});

test("a rejected vote shows its error and is never retried", async ({ page }) => {
  const fake = await fakeArena(page);
  fake.rejectAll = true;
  const arena = new ArenaPage(page);
  await arena.goto("/arena");
  await arena.send("Reject me");
  await arena.waitForAnswers();
  await arena.vote("bothbad");
  await expect(arena.reveal()).toHaveAttribute("data-state", "rejected");
  await expect(arena.reveal()).toContainText("The battle token expired.");
  await arena.expectSyncCounts({ pending: 0, rejected: 1 });
  await page.reload();
  await arena.expectSyncCounts({ pending: 0, rejected: 1 });
  await expect(page.getByTestId("sync-rejected-error")).toContainText("The battle token expired.");
  await page.waitForTimeout(1500);
  expect(fake.voteRequests).toBe(1);
});

test("sequential battle: the notice is shown and side B waits for side A", async ({ page }) => {
  await fakeArena(page, { sequential: true });
  const arena = new ArenaPage(page);
  await arena.goto("/arena");
  // Record every (A, B) status pair the page goes through (transient states are too quick to poll).
  await page.evaluate(() => {
    const w = window as unknown as { __pairs: string[] };
    w.__pairs = [];
    const read = () =>
      ["a", "b"]
        .map((s) => document.querySelector(`[data-testid="arena-pane-${s}-status"]`)?.getAttribute("data-status"))
        .join("|");
    new MutationObserver(() => {
      const pair = read();
      if (w.__pairs.at(-1) !== pair) w.__pairs.push(pair);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  });
  await arena.send("One after the other");
  await expect(page.getByTestId("arena-sequential")).toHaveText(
    "These two in-browser models run one after the other to fit your device.",
  );
  await arena.waitForAnswers();
  await arena.expectBothAnswered();
  const pairs = await page.evaluate(() => (window as unknown as { __pairs: string[] }).__pairs);
  expect(pairs).toContain("streaming|waiting");
  expect(pairs).toContain("done|streaming");
  // never both at work at once
  expect(pairs.filter((p) => /^(loading|streaming)\|(loading|streaming)$/.test(p))).toEqual([]);
});

test("side-by-side: the user picks both models and sees their names", async ({ page }) => {
  const fake = await fakeArena(page);
  const arena = new ArenaPage(page);
  await arena.goto("/arena/side-by-side");
  await arena.pick("fake:alpha", `remote:${REMOTE_NAME}`);
  await arena.send("Named");
  await arena.waitForAnswers();
  expect(fake.battles[0]).toMatchObject({ mode: "named", modelA: "fake:alpha", modelB: `remote:${REMOTE_NAME}` });
  await expect(page.getByTestId("arena-pane-a-title")).toHaveText("Model A: Fake Alpha");
  await expect(page.getByTestId("arena-pane-b-title")).toHaveText(`Model B: ${REMOTE_NAME}`);
  await arena.vote("b");
  await expect(arena.reveal()).toHaveAttribute("data-state", "synced");
  expect(fake.votes[0].winner).toBe("model_b");
});
