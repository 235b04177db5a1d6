/**
 * A fresh install as a new user meets it: a production server WITHOUT the test models
 * (JOUST_TEST_MODELS unset) on a fresh data dir, nothing downloaded in the browser.
 * With two remote models configured, the first chat and the first battle answer; with none and
 * nothing cached, /arena explains what is missing. No page logs a console error.
 */
import { expect, test, type Page } from "@playwright/test";
import { startFreshServer, type FreshServer } from "./fresh-server";
import { ChatPage } from "./pages/chat";
import { ArenaPage } from "./pages/arena";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const PAGES = ["/", "/arena", "/arena/side-by-side", "/models", "/leaderboard", "/playground"];

/** Console errors and uncaught exceptions of every page the test opens. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${page.url()}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

async function visitAll(page: Page, base: string): Promise<void> {
  for (const path of PAGES) {
    const res = await page.goto(base + path);
    expect(res?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
  }
}

test.describe("fresh install with two remote models", () => {
  let server: FreshServer;
  test.beforeAll(async () => {
    server = await startFreshServer(PORT + 2, "e2e/joust.fresh.config.json");
  });
  test.afterAll(async () => server?.stop());

  test("no page logs a console error", async ({ page }) => {
    const errors = watchConsole(page);
    await visitAll(page, server.baseURL);
    expect(errors).toEqual([]);
  });

  test("/ opens on the chooser, remote models first; the first chat answers and the model is remembered", async ({
    page,
  }) => {
    const errors = watchConsole(page);
    const chat = new ChatPage(page);
    await chat.goto(`${server.baseURL}/`);
    const chooser = page.getByTestId("first-run");
    await expect(chooser).toBeVisible();
    await expect(chooser.getByTestId("first-run-remote")).toHaveCount(2);
    await expect(page.getByTestId("first-run-local").first()).toBeVisible();
    // The test fixtures are nowhere.
    await chat.modelPicker.click();
    await expect(page.getByTestId("model-picker-group-remote").getByTestId("model-option")).toHaveCount(2); // stub-gpt, stub-claude
    await expect(page.getByTestId("model-picker-group-downloadable").getByTestId("model-option").first()).toBeVisible();
    await expect(chat.modelOption("transformers:tiny-chat")).toHaveCount(0);
    await expect(page.locator('[data-testid="model-option"][data-model-id^="fake:"]')).toHaveCount(0);
    await page.keyboard.press("Escape");

    await chooser.locator('[data-model-id="remote:stub-gpt"]').getByTestId("first-run-pick").click();
    await expect(chooser).toBeHidden();
    await chat.send("Hello, who are you?");
    expect(await chat.waitForAnswer()).not.toBe("");
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", "stop");
    await expect(chat.lastAnswer.getByTestId("message-error")).toHaveCount(0);

    await page.goto(`${server.baseURL}/`);
    await expect(chat.modelPicker).toHaveAttribute("data-value", "remote:stub-gpt");
    await expect(page.getByTestId("first-run")).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test("/arena battles the two remote models and both panes answer", async ({ page }) => {
    const arena = new ArenaPage(page);
    await arena.goto(`${server.baseURL}/arena`);
    await expect(page.getByTestId("arena-shortfall")).toHaveCount(0);
    await arena.send("Say hello.");
    await arena.waitForAnswers();
    await arena.expectBothAnswered();
    await expect(page.getByTestId("vote-a")).toBeEnabled();
    await arena.vote("a");
    const names = (await arena.revealedNames()).join(" | ");
    expect(names).toContain("stub-gpt");
    expect(names).toContain("stub-claude");
  });
});

test.describe("fresh install with no remote model", () => {
  let server: FreshServer;
  test.beforeAll(async () => {
    server = await startFreshServer(PORT + 4, "none");
  });
  test.afterAll(async () => server?.stop());

  test("/arena explains instead of battling, and links to the Models page; no console errors anywhere", async ({
    page,
  }) => {
    const errors = watchConsole(page);
    const arena = new ArenaPage(page);
    await arena.goto(`${server.baseURL}/arena`);
    const why = page.getByTestId("arena-shortfall");
    await expect(why).toContainText("No model can answer here yet");
    await expect(why.getByTestId("arena-shortfall-models")).toHaveAttribute("href", "/models");
    await page.getByTestId("arena-prompt").fill("Hello");
    await expect(page.getByTestId("arena-send")).toBeDisabled();

    await arena.goto(`${server.baseURL}/arena/side-by-side`);
    await expect(page.getByTestId("arena-shortfall")).toContainText("No model can answer here yet");

    await page.goto(`${server.baseURL}/`);
    await expect(page.getByTestId("first-run")).toBeVisible();
    await expect(page.getByTestId("first-run-remote")).toHaveCount(0);
    await expect(page.getByTestId("first-run-local").first()).toContainText("Download and chat");
    await visitAll(page, server.baseURL);
    expect(errors).toEqual([]);
  });
});

test("a battle where one side failed cannot be voted on; the reason shows and New round stays", async ({ page }) => {
  const arena = new ArenaPage(page);
  await arena.goto("/arena/side-by-side");
  await arena.pick("remote:stub-gpt", "remote:stub-gpt-500");
  await arena.send("Say hello.");
  await arena.waitForAnswers();
  await expect(arena.paneStatus("b")).toHaveAttribute("data-status", "error");
  for (const v of ["vote-a", "vote-b", "vote-tie", "vote-bothbad"]) await expect(page.getByTestId(v)).toBeDisabled();
  await expect(page.getByTestId("arena-vote-disabled")).toContainText("Model B failed to answer");
  await expect(page.getByTestId("arena-new-round")).toBeEnabled();
});

test.describe("fresh install: a model that is not on the device yet", () => {
  let server: FreshServer;
  test.beforeAll(async () => {
    server = await startFreshServer(PORT + 6, "none");
  });
  test.afterAll(async () => server?.stop());

  test("a message to it downloads it first, says so in the conversation, then answers", async ({ page }) => {
    // An in-browser model the user adds by URL (this app's own /models/ folder), not downloaded yet.
    await page.goto(`${server.baseURL}/models`);
    await page.getByTestId("custom-baseUrl").fill("/models/");
    await page.getByTestId("custom-modelId").fill("tiny-chat");
    await page.getByTestId("custom-add").click();
    await expect(page.getByTestId("custom-added")).toBeVisible();

    const chat = new ChatPage(page);
    await chat.goto(`${server.baseURL}/`);
    await chat.selectModel(`custom:transformers:${server.baseURL}/models/tiny-chat`);
    await chat.send("Hello, who are you?");
    await expect(page.getByTestId("chat-notice")).toContainText("is not on this device yet: downloading it");
    await chat.waitForAnswer(150_000);
    await expect(chat.lastAnswer).toHaveAttribute("data-finish", /^(stop|length)$/);
    await expect(page.getByTestId("chat-notice")).toHaveCount(0);
  });
});
