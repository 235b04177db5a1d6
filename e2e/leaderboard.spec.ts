import { expect, test } from "@playwright/test";
import { ArenaPage, type VoteChoice } from "./pages/arena";
import { freshBoard, LeaderboardPage } from "./pages/leaderboard";

type Tally = { battles: number; wins: number; losses: number; ties: number };

/** The whole e2e run shares one server: specs that ran before this file (arena*) may have stored votes. */
async function storedVotes(request: import("@playwright/test").APIRequestContext): Promise<number> {
  return (await (await request.get("/api/leaderboard")).json()).totalVotes as number;
}

test.describe("leaderboard", () => {
  test("the empty state (fresh store, or no battle in the chosen dates), and filters keep it consistent", async ({
    page,
  }) => {
    const total = await storedVotes(page.request);
    const res = await page.goto("/leaderboard");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Leaderboard" })).toBeVisible();
    await expect(page.getByTestId("leaderboard-total-votes")).toHaveText(`${total} votes in total`);
    await expect(page.getByTestId("leaderboard-updated")).toContainText("Last updated");
    if (total === 0) {
      await expect(page.getByTestId("leaderboard-empty")).toContainText("No votes yet.");
      await expect(page.getByTestId("leaderboard-table")).toHaveCount(0);
    }

    // Switching to the named view and excluding ties re-queries the API; a date range before any vote is empty.
    const refetch = page.waitForResponse((r) => r.url().includes("/api/leaderboard?") && r.url().includes("anony=0"));
    await page.getByTestId("filter-named").click();
    expect((await refetch).status()).toBe(200);
    await expect(page.getByTestId("filter-named")).toHaveAttribute("aria-pressed", "true");
    await page.getByTestId("filter-exclude-ties").check();
    await page.getByTestId("filter-min-battles").fill("5");
    await page.getByTestId("filter-from").fill("2001-01-01");
    await page.getByTestId("filter-to").fill("2001-01-02");
    await page.getByTestId("leaderboard-refresh").click();
    await expect(page.getByTestId("leaderboard-empty")).toContainText(
      total === 0 ? "No votes yet." : "No battles match these filters.",
    );
    await expect(page.getByTestId("leaderboard-table")).toHaveCount(0);
    await expect(page.getByTestId("leaderboard-error")).toHaveCount(0);
  });

  test("the JSON API serves the documented shape and typed 400s", async ({ request }) => {
    // A window in 2001 holds no battle whatever earlier specs stored.
    const ok = await request.get(
      "/api/leaderboard?anony=1&excludeTies=0&minBattles=0&from=978307200&to=978393600&rounds=100",
    );
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({
      models: [],
      totalVotes: await storedVotes(request),
      countedBattles: 0,
      winFraction: { models: [], matrix: [] },
      battleCounts: { models: [], matrix: [] },
    });
    expect(Number.isNaN(Date.parse(body.updatedAt))).toBe(false);

    const bad = await request.get("/api/leaderboard?rounds=-3");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request:leaderboard");
  });

  test("votes cast in the arena appear on /leaderboard after sync", async ({ page }) => {
    // No in-browser model enabled: the server pairs the two stub remotes (stub-gpt vs stub-claude), whose
    // replies echo the prompt ("Echo: <prompt> alpha bravo …") — so a prompt naming a vendor makes a reply
    // that the server's identity check flags (counted:false).
    const arena = new ArenaPage(page);
    await arena.presetSettings([], { temperature: 0, max_tokens: 8 });

    // Prime the service's cache at the current (empty) store version: the votes below must invalidate it.
    // Earlier specs in the same run may have stored votes: everything below is checked relative to this.
    const before = await (await page.request.get("/api/leaderboard?anony=1")).json();
    const namedBefore = await (await page.request.get("/api/leaderboard?anony=0")).json();

    await arena.goto("/arena");
    const rounds: Array<{ prompt: string; choice: VoteChoice; counted: "0" | "1" }> = [
      { prompt: "Hello one", choice: "a", counted: "1" },
      { prompt: "Hello two", choice: "b", counted: "1" },
      { prompt: "Hello three", choice: "tie", counted: "1" },
      { prompt: "Are you claude", choice: "a", counted: "0" },
    ];
    type Board = { models: Array<Tally & { model: string; kind: string }> };
    const row = (board: Board, model: string) => board.models.find((m) => m.model === model);
    const base = (board: Board, model: string): Tally => {
      const r = row(board, model);
      return { battles: r?.battles ?? 0, wins: r?.wins ?? 0, losses: r?.losses ?? 0, ties: r?.ties ?? 0 };
    };
    const tally = new Map<string, { counted: Tally; all: Tally }>();
    const bump = (model: string, key: keyof Tally, counted: boolean) => {
      const t = tally.get(model) ?? { counted: base(before, model), all: base(namedBefore, model) };
      for (const which of counted ? (["counted", "all"] as const) : (["all"] as const)) {
        t[which][key]++;
        t[which].battles++;
      }
      tally.set(model, t);
    };
    for (const [i, r] of rounds.entries()) {
      if (i > 0) await page.getByTestId("arena-new-round").click();
      await arena.send(r.prompt);
      await arena.waitForAnswers();
      await arena.expectBothAnswered();
      await arena.vote(r.choice);
      const [a, b] = await arena.revealedNames();
      expect([a, b].sort()).toEqual(["stub-claude", "stub-gpt"]);
      await expect(page.getByTestId("arena-counted")).toHaveAttribute("data-counted", r.counted);
      const counted = r.counted === "1";
      if (r.choice === "tie") {
        bump(a, "ties", counted);
        bump(b, "ties", counted);
      } else {
        bump(r.choice === "a" ? a : b, "wins", counted);
        bump(r.choice === "a" ? b : a, "losses", counted);
      }
    }
    await arena.expectSyncCounts({ pending: 0, synced: rounds.length, rejected: 0 });

    // The JSON API reflects the votes once its background recomputation lands (meanwhile it serves the last result, marked stale).
    const anon = await freshBoard(page.request, "anony=1");
    expect(anon.totalVotes).toBe(before.totalVotes + rounds.length);
    expect(anon.countedBattles).toBe(before.countedBattles + 3);
    expect(anon.version).toBeGreaterThan(before.version);
    const named = await freshBoard(page.request, "anony=0");
    expect(named.countedBattles).toBe(namedBefore.countedBattles + rounds.length);
    for (const model of ["stub-gpt", "stub-claude"]) {
      const want = tally.get(model)!;
      expect(row(anon, model), model).toMatchObject({ ...want.counted, kind: "remote" });
      expect(row(named, model), model).toMatchObject(want.all);
    }

    // The page: both models, with the anonymous (counted-only) vote counts; the named view adds the flagged vote.
    await page.goto("/leaderboard");
    await expect(page.getByTestId("leaderboard-total-votes")).toHaveText(`${anon.totalVotes} votes in total`);
    const votesCell = (model: string) =>
      page.locator(`[data-testid="leaderboard-row"][data-model="${model}"] [data-testid="leaderboard-votes"]`);
    for (const model of ["stub-gpt", "stub-claude"])
      await expect(votesCell(model)).toHaveText(String(tally.get(model)!.counted.battles));
    await page.getByTestId("filter-named").click();
    for (const model of ["stub-gpt", "stub-claude"])
      await expect(votesCell(model)).toHaveText(String(tally.get(model)!.all.battles));

    // The clean-battle export is linked from the page and holds every vote, the flagged one included.
    const href = await page.getByTestId("download-battles-jsonl").getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toMatch(/attachment; filename="clean_battle_\d{8}\.jsonl"/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { model_a: string; anony: boolean });
    expect(lines).toHaveLength(anon.totalVotes);
    const ours = lines.slice(-rounds.length); // exported in insertion order
    expect(ours.every((l) => l.anony === true && ["stub-gpt", "stub-claude"].includes(l.model_a))).toBe(true);
    const json = await page.request.get((await page.getByTestId("download-battles-json").getAttribute("href"))!);
    expect(json.headers()["content-type"]).toContain("application/json");
    expect(((await json.json()) as unknown[]).length).toBe(anon.totalVotes);
  });

  test("style control is on by default with its coefficients; a category board shows Δrank; imported models say so", async ({
    page,
  }) => {
    // 300 imported battles in 2002 (a window no other spec writes to) between three imported models.
    // "long" answers longer and wins for it overall; in "coding" battles, "coder" wins.
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const models = ["e2e-lb-long", "e2e-lb-coder", "e2e-lb-plain"];
    const records = Array.from({ length: 300 }, (_, i) => {
      const a = i % 3,
        b = (a + 1 + (i % 2)) % 3;
      const coding = i % 4 === 0;
      const ta = models[a] === "e2e-lb-long" ? 600 : 150 + (i % 50),
        tb = models[b] === "e2e-lb-long" ? 600 : 150 + (i % 50);
      const aWins = coding
        ? models[a] === "e2e-lb-coder" || (models[b] !== "e2e-lb-coder" && rand() < 0.5)
        : ta > tb
          ? rand() < 0.8
          : tb > ta
            ? rand() < 0.2
            : rand() < 0.5;
      return {
        question_id: `e2e-lb-${i}`,
        model_a: models[a],
        model_b: models[b],
        winner: aWins ? "model_a" : "model_b",
        anony: true,
        tstamp: 1_010_000_000 + i * 60,
        judge: "e2e",
        categories: coding ? ["coding"] : [],
        conv_metadata: {
          sum_assistant_a_tokens: ta,
          sum_assistant_b_tokens: tb,
          header_count_a: { h1: i % 3 },
          header_count_b: { h1: i % 2 },
          list_count_a: { ordered: i % 5, unordered: 0 },
          list_count_b: { ordered: 0, unordered: i % 4 },
          bold_count_a: { "**": i % 2, __: 0 },
          bold_count_b: { "**": 1, __: 0 },
        },
      };
    });
    const imp = await page.request.post("/api/arena/battles/import", {
      headers: { authorization: "Bearer e2e-admin-key", "content-type": "application/x-ndjson" },
      data: records.map((r) => JSON.stringify(r)).join("\n"),
    });
    expect(imp.status(), await imp.text()).toBe(200);
    const window = `from=${1_009_900_000}&to=${1_011_000_000}`;
    const board = await freshBoard(page.request, window);
    expect(board.countedBattles).toBe(300);

    const lb = new LeaderboardPage(page);
    await lb.goto();
    await expect(lb.styleSwitch).toBeChecked();
    const dated = lb.nextQuery("from=2002-01-01");
    await lb.dateRange("2002-01-01", "2002-12-31");
    expect((await dated).url()).toContain("style=1");
    await expect(lb.row("e2e-lb-long")).toBeVisible();
    await expect(lb.coefficients).toBeVisible();
    await expect(lb.coefficient("length")).toHaveText(/^\d\.\d{3}$/); // voters here prefer longer answers: positive
    for (const f of ["header", "list", "bold"] as const) await expect(lb.coefficient(f)).toHaveText(/^-?\d\.\d{3}$/);
    await expect(lb.row("e2e-lb-long").getByTestId("leaderboard-runs-on")).toHaveText("imported");
    await expect(page.getByTestId("leaderboard-rank-delta")).toHaveCount(0);

    // Category: only the coding battles, each model's rank change against the overall board.
    const coded = lb.nextQuery("category=coding");
    await lb.category.selectOption("coding");
    expect((await coded).status()).toBe(200);
    await expect(page.getByTestId("leaderboard-rank-delta-header")).toBeVisible();
    await expect(lb.rankDelta("e2e-lb-coder")).toHaveAttribute("data-delta", /^-?\d+$/);
    const overall = board.models.find((m) => m.model === "e2e-lb-coder")!.rank;
    const inCoding = Number(await lb.row("e2e-lb-coder").getByTestId("leaderboard-rank").textContent());
    await expect(lb.rankDelta("e2e-lb-coder")).toHaveAttribute("data-delta", String(overall - inCoding));

    // Style control off: plain Bradley–Terry, no coefficients.
    const plain = lb.nextQuery("style=0");
    await lb.styleSwitch.uncheck();
    expect((await plain).status()).toBe(200);
    await expect(lb.coefficients).toHaveCount(0);
  });
});
