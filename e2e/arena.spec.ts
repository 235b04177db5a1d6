/**
 * Full-stack arena journeys against the real server (app/api/arena/*) and the stub upstream:
 * the in-browser model runs in its real worker, remote sides are streamed by the server.
 * Every remote model in e2e/joust.e2e.config.json is named "stub-…", so "stub-" must not appear
 * anywhere (DOM or any /api response) before the vote.
 */
import { expect, test, type Page, type Response } from "@playwright/test";
import type { CreateBattleResponse } from "../lib/arena/api-types";
import { ArenaPage } from "./pages/arena";

const TINY = "transformers:tiny-chat";
const REMOTE_MARKER = "stub-";

/** Record every /api response body (awaited on demand) and every battle the page creates. */
function watchApi(page: Page) {
  const reads: Array<Promise<{ url: string; body: string }>> = [];
  const battles: CreateBattleResponse[] = [];
  page.on("response", (r: Response) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith("/api/")) return;
    const read = r.text().then(
      (body) => ({ url: r.url(), body }),
      () => ({ url: r.url(), body: "" }),
    );
    reads.push(read);
    if (url.pathname === "/api/arena/battles" && r.request().method() === "POST") {
      void read.then(({ body }) => body && battles.push(JSON.parse(body) as CreateBattleResponse));
    }
  });
  return {
    battles,
    async bodies() {
      return Promise.all(reads);
    },
  };
}

async function exportBattles(page: Page, anony = false): Promise<Array<Record<string, unknown>>> {
  const res = await page.request.get(`/api/arena/battles/export?format=json${anony ? "&anony=1" : ""}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Array<Record<string, unknown>>;
}

/** Play rounds until the server pairs the in-browser model with a remote one (pairing is random). */
async function playMixedBattle(arena: ArenaPage, api: ReturnType<typeof watchApi>): Promise<CreateBattleResponse> {
  for (let round = 0; round < 10; round++) {
    await arena.send(`Hello number ${round}`);
    // generous: the first battle on a cold server also initialises its vote store
    await expect.poll(() => api.battles.length, { timeout: 120_000 }).toBe(round + 1);
    const b = api.battles[round];
    await arena.waitForAnswers();
    const kinds = [b.sides.a.kind, b.sides.b.kind].sort().join(",");
    if (kinds === "local,remote") return b;
    await arena.page.getByTestId("arena-new-round").click();
  }
  throw new Error("the server never paired the in-browser model with a remote model in 10 rounds");
}

test("anonymous battle: tiny in-browser model vs a stub remote, names hidden until the vote, then revealed @wasm", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  await arena.presetSettings([TINY], { temperature: 0, max_tokens: 12 });
  const api = watchApi(page);
  await arena.goto("/arena");
  const battle = await playMixedBattle(arena, api);
  expect(battle.mode).toBe("anonymous");
  await arena.expectBothAnswered();

  // Multi-turn before voting.
  await arena.send("Tell me more");
  await arena.waitForAnswers();
  await arena.expectBothAnswered();

  await arena.expectNamesAbsentFromDom(["tiny-chat", "tiny chat", REMOTE_MARKER]);
  for (const { url, body } of await api.bodies()) {
    expect(body.toLowerCase(), `remote model name leaked in ${url}`).not.toContain(REMOTE_MARKER);
  }

  await arena.vote("a");
  const [nameA, nameB] = await arena.revealedNames();
  const localSide = battle.sides.a.kind === "local" ? 0 : 1;
  expect([nameA, nameB][localSide]).toContain("tiny-chat");
  expect([nameA, nameB][1 - localSide]).toMatch(/^stub-/);
  await expect(page.getByTestId("arena-counted")).toHaveAttribute("data-counted", /^[01]$/);
  await expect(page.getByTestId("vote-b")).toBeDisabled();

  const records = (await exportBattles(page, true)).filter((r) => r.question_id === battle.battleId);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ model_a: nameA, model_b: nameB, winner: "model_a", anony: true, turn: 2 });
});

test("anonymous battle with the fake in-browser model (UI-only engine) against the real server", async ({ page }) => {
  const arena = new ArenaPage(page);
  await arena.useFakeEngine();
  await arena.presetSettings(["fake:alpha"], { temperature: 0, max_tokens: 8 });
  const api = watchApi(page);
  await arena.goto("/arena");
  await arena.send("Hi");
  await arena.waitForAnswers();
  await arena.expectBothAnswered();
  for (const { url, body } of await api.bodies()) expect(body.toLowerCase(), url).not.toContain(REMOTE_MARKER);
  await arena.vote("tie");
  const names = await arena.revealedNames();
  expect(names.every((n) => n.length > 0)).toBe(true);
  await arena.expectSyncCounts({ pending: 0, synced: 1 });
});

test("side-by-side: tiny in-browser model vs stub-gpt by name @wasm", async ({ page }) => {
  const arena = new ArenaPage(page);
  await arena.presetSettings([TINY], { temperature: 0, max_tokens: 12 });
  const api = watchApi(page);
  await arena.goto("/arena/side-by-side");
  await page.getByTestId("arena-pick-b").click();
  await expect(page.locator('#arena-pick-b-list [data-model-id="remote:stub-gpt"]')).toHaveCount(1);
  await page.getByTestId("arena-pick-b").click();
  await arena.pick(TINY, "remote:stub-gpt");
  await arena.send("Compare yourselves");
  await arena.waitForAnswers();
  await arena.expectBothAnswered();
  await expect(page.getByTestId("arena-pane-b-title")).toContainText("stub-gpt");
  await arena.vote("b");
  await arena.revealedNames();
  const battle = api.battles[0];
  const records = (await exportBattles(page)).filter((r) => r.question_id === battle.battleId);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ model_b: "stub-gpt", winner: "model_b", anony: false });
});
